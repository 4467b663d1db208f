#pragma once

#include "http/httprequestparser.h"
#include "http/httpserver.h"

#include <QBasicTimer>
#include <QObject>

#include <deque>
#include <optional>

class QTcpSocket;

namespace fw::http {

// One client connection of HttpServer (internal). Reads requests one after another with
// HttpRequestParser, hands complete ones to the server's handler, and writes the answers
// back in request order. Pipelined requests are read ahead up to ServerLimits::maxPipelined.
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    HttpConnection(QTcpSocket *socket, bool tls, HttpServer *server);
    ~HttpConnection() override;

    void answer(quint64 id, HttpResponse &&response);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    enum class Phase { None, Handshake, Idle, Header, Body, Linger };

    struct PendingAnswer
    {
        std::optional<HttpResponse> response;
        bool headRequest = false;
        bool keepAlive = true;
        int versionMinor = 1;
    };

    void start();
    void processInput();
    bool readMore();
    bool paused() const;
    void headComplete();
    void dispatch();
    void refuse(int status, const QByteArray &text);
    void flushAnswers();
    void writeAnswer(const PendingAnswer &pending, const HttpResponse &response, bool keepAlive);
    void sendContinueIfDue();
    void beginClose();
    void shutdownWriteIfFlushed();
    void discardInput();
    void updateTimer();
    void setPhase(Phase phase, std::chrono::milliseconds timeout);

    HttpServer *m_server;
    QTcpSocket *m_socket;
    const bool m_tls;
    const QHostAddress m_peer;
    const quint16 m_peerPort;
    HttpRequestParser m_parser;

    QByteArray m_input;        // received, not yet consumed by the parser
    qsizetype m_inputPos = 0;
    std::deque<PendingAnswer> m_pending; // in request order
    quint64 m_firstPendingId = 0;
    bool m_processing = false;  // guards against re-entry from synchronous answers
    bool m_continueDue = false;
    bool m_closing = false;     // no further request is read
    bool m_writeShut = false;

    QBasicTimer m_timer;
    Phase m_phase = Phase::None;
};

} // namespace fw::http
