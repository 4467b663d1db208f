#pragma once

#include "http/httpmessage.h"
#include "http/serverlimits.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

#include <functional>
#include <memory>
#include <optional>

// A small, strict HTTP/1.1 server for the webhook listener, the relay and the sandbox.
//
// Why not Qt HTTP Server: in Qt 6.4 it has no limits at all (headers and bodies are
// buffered whole before a handler can refuse them, no header or idle timeout, no
// connection cap), ignores "Connection: close" and HTTP/1.0, never answers
// "Expect: 100-continue", and its API changes before 6.8 (shared/qt64-notes.md). An exposed
// webhook receiver needs every one of those, so we parse HTTP ourselves on QTcpServer with
// a parser that is unit-tested and fuzzed (HttpRequestParser).
//
// Usage:
//     auto *server = new fw::http::HttpServer(limits);      // lives on the current thread
//     server->setSyncHandler([](const fw::http::HttpRequest &request) {
//         return fw::http::HttpResponse::text(200, "hello\n");
//     });
//     if (!server->listen(QHostAddress::LocalHost, 0))
//         qWarning() << server->errorString();
//
// Threading: the server, its connections and every handler call live on the thread that
// owns the server. To keep the network off the GUI thread, create the server on a worker
// thread (or moveToThread() it before listen()) and call listen() there, e.g. through
// QMetaObject::invokeMethod(..., Qt::BlockingQueuedConnection). One thread serves many
// connections; nothing is allocated per request beyond the request's own data.
//
// Answers leave each connection in request order, whatever order handlers answer in.
namespace fw::http {

class HttpConnection;
class TcpListener;

// A handle for answering one request, now or later. Cheap to copy; the first respond()
// wins and later ones are ignored, as is an answer for a connection that has closed.
// Call respond() on the server's thread (e.g. from a callback whose context object lives
// there). A handler must answer every request eventually: the client waits for it.
class HttpResponder final
{
public:
    HttpResponder() = default;

    void respond(HttpResponse response) const;
    bool isConnected() const { return !m_connection.isNull(); }

private:
    friend class HttpConnection;
    HttpResponder(HttpConnection *connection, quint64 id);

    QPointer<HttpConnection> m_connection;
    quint64 m_id = 0;
};

class HttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)

public:
    // Asynchronous form: answer through the responder, possibly after other work finished.
    using Handler = std::function<void(HttpRequest request, HttpResponder responder)>;
    // Synchronous form: the returned response is the answer.
    using SyncHandler = std::function<HttpResponse(const HttpRequest &request)>;

    explicit HttpServer(const ServerLimits &limits = {}, QObject *parent = nullptr);
    ~HttpServer() override;

    const ServerLimits &limits() const { return m_limits; }
    void setHandler(Handler handler);
    void setSyncHandler(SyncHandler handler);
    // Serves HTTPS on the next listen(); see loadTlsConfiguration().
    void setTlsConfiguration(const QSslConfiguration &configuration);

    // Binds and starts accepting. Port 0 picks a free port: read serverPort() afterwards.
    bool listen(const QHostAddress &address, quint16 port);
    // Stops accepting; open connections still get the answers they wait for.
    void close();
    bool isListening() const;
    QString errorString() const { return m_error; }
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    int connectionCount() const { return m_connectionCount; }

Q_SIGNALS:
    // The server refused a request by itself (malformed, too large, too slow) or a
    // connection over the cap (status 503). Handlers' own answers are not reported here.
    void requestRefused(int status, const QHostAddress &peer);

private:
    friend class HttpConnection;
    friend class TcpListener;

    void acceptConnection(qintptr descriptor);
    void refuseConnection(qintptr descriptor);
    void dispatch(HttpRequest &&request, const HttpResponder &responder);
    void connectionFinished();
    void noteRefused(int status, const QHostAddress &peer);

    ServerLimits m_limits;
    Handler m_handler;
    std::optional<QSslConfiguration> m_tls;
    TcpListener *m_listener = nullptr;
    QString m_error;
    int m_connectionCount = 0;
};

// Reads a PEM certificate (chain) and its unencrypted PEM private key (RSA or EC) for
// HttpServer::setTlsConfiguration(). On failure returns nothing and sets *error to one
// sentence naming the file: unreadable, not PEM, or a key that does not match.
std::optional<QSslConfiguration> loadTlsConfiguration(const QString &certificateFile,
                                                      const QString &keyFile, QString *error);

} // namespace fw::http
