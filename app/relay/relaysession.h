#pragma once

#include "relay/protocol.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

class QWebSocket;

namespace fw::relay {

class RelayServer;

// One dashboard connection of RelayServer (internal): hello, replay, live stream,
// heartbeats and the per-connection send bound.
class RelaySession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RelaySession)

public:
    enum class State { AwaitingHello, Streaming, Closing };

    RelaySession(QWebSocket *socket, RelayServer *server);
    ~RelaySession() override;

    void pump();
    void sendAck(const Ack &ack);
    void sendAckStored(const QString &ref, qint64 ackSeq);
    void closeWith(CloseCode code, const QString &message);
    void recheckToken();

    State state() const { return m_state; }
    QString name() const { return m_name; }
    qint64 sentSeq() const { return m_sentSeq; }
    qint64 ackSeq() const { return m_ackSeq; }
    int closeCode() const { return m_closeCode; }
    QJsonObject status(qint64 headSeq) const;

private:
    void onText(const QString &text);
    void onBinary();
    void onHello(const QJsonObject &message);
    void onPong(const QJsonObject &message);
    void onAck(const QJsonObject &message);
    void onBytesWritten();
    void heartbeat();
    void checkLag();
    void send(const QByteArray &json);

    RelayServer *m_server;
    QWebSocket *m_socket;
    const QHostAddress m_peer;
    const QDateTime m_connectedAt;
    State m_state = State::AwaitingHello;
    QString m_name;
    QString m_token;
    qint64 m_sentSeq = 0;
    qint64 m_confirmedSeq = 0;
    qint64 m_ackSeq = 0;
    bool m_caughtUp = false;
    bool m_pumping = false;
    int m_closeCode = 0;

    QTimer m_helloTimer;
    QTimer m_heartbeatTimer;
    QTimer m_closeTimer;
    QElapsedTimer m_sincePong;
    QElapsedTimer m_sinceProgress;
};

} // namespace fw::relay
