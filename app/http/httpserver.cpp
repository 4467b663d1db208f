#include "http/httpserver.h"

#include "core/logging.h"
#include "http/httpconnection.h"

#include <QSslSocket>
#include <QTcpServer>
#include <QThread>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace Qt::Literals::StringLiterals;

namespace fw::http {

// QTcpServer hands every accepted descriptor to HttpServer, which decides (connection cap)
// and wraps it in a QTcpSocket or a QSslSocket. We use QTcpServer for TLS too, rather than
// QSslServer, so connections still in their handshake count against the cap.
class TcpListener final : public QTcpServer
{
public:
    explicit TcpListener(HttpServer *server)
        : QTcpServer(server)
        , m_server(server)
    {
    }

protected:
    void incomingConnection(qintptr descriptor) override { m_server->acceptConnection(descriptor); }

private:
    HttpServer *m_server;
};

HttpResponder::HttpResponder(HttpConnection *connection, quint64 id)
    : m_connection(connection)
    , m_id(id)
{
}

void HttpResponder::respond(HttpResponse response) const
{
    if (HttpConnection *connection = m_connection.data()) {
        Q_ASSERT_X(connection->thread() == QThread::currentThread(), "HttpResponder::respond",
                   "answer on the server's thread");
        connection->answer(m_id, std::move(response));
    }
}

HttpServer::HttpServer(const ServerLimits &limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{
}

HttpServer::~HttpServer()
{
    // Connections report to us when they go: delete them while we are still whole.
    const auto connections = findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(connections);
}

void HttpServer::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

void HttpServer::setSyncHandler(SyncHandler handler)
{
    m_handler = [handler = std::move(handler)](HttpRequest request, HttpResponder responder) {
        responder.respond(handler(request));
    };
}

void HttpServer::setTlsConfiguration(const QSslConfiguration &configuration)
{
    m_tls = configuration;
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    close();
    m_listener = new TcpListener(this);
    m_listener->setListenBacklogSize(std::max(m_limits.maxConnections, 64));
    if (!m_listener->listen(address, port)) {
        m_error = u"Cannot listen on %1 port %2: %3"_s.arg(address.toString()).arg(port).arg(
            m_listener->errorString());
        delete m_listener;
        m_listener = nullptr;
        return false;
    }
    m_error.clear();
    return true;
}

void HttpServer::close()
{
    delete m_listener;
    m_listener = nullptr;
}

bool HttpServer::isListening() const
{
    return m_listener && m_listener->isListening();
}

QHostAddress HttpServer::serverAddress() const
{
    return m_listener ? m_listener->serverAddress() : QHostAddress();
}

quint16 HttpServer::serverPort() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

void HttpServer::acceptConnection(qintptr descriptor)
{
    if (m_connectionCount >= m_limits.maxConnections) {
        refuseConnection(descriptor);
        return;
    }

    QTcpSocket *socket = m_tls ? new QSslSocket : new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcHttp).noquote() << "cannot take an accepted connection:" << socket->errorString();
        delete socket;
        return;
    }
    ++m_connectionCount;
    new HttpConnection(socket, m_tls.has_value(), this);
    if (m_tls) {
        auto *sslSocket = static_cast<QSslSocket *>(socket);
        sslSocket->setSslConfiguration(*m_tls);
        sslSocket->startServerEncryption();
    }
}

// Over the cap: answered and closed at once, before any Qt object is made for it.
void HttpServer::refuseConnection(qintptr descriptor)
{
#ifdef Q_OS_UNIX
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    QHostAddress peer;
    if (::getpeername(int(descriptor), reinterpret_cast<sockaddr *>(&address), &length) == 0)
        peer.setAddress(reinterpret_cast<const sockaddr *>(&address));
    if (!m_tls) {
        static constexpr char refusal[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                                          "Connection: close\r\n\r\n";
        [[maybe_unused]] const auto sent =
            ::send(int(descriptor), refusal, sizeof refusal - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    ::close(int(descriptor));
#else
    QTcpSocket socket;
    socket.setSocketDescriptor(descriptor);
    const QHostAddress peer = socket.peerAddress();
    socket.abort();
#endif
    qCWarning(lcHttp).noquote() << "refused a connection from" << peer.toString() << "over the cap of"
                                << m_limits.maxConnections;
    noteRefused(503, peer);
}

void HttpServer::dispatch(HttpRequest &&request, const HttpResponder &responder)
{
    if (m_handler)
        m_handler(std::move(request), responder);
    else
        responder.respond(HttpResponse::text(404, "Not found.\n"));
}

void HttpServer::connectionFinished()
{
    --m_connectionCount;
}

void HttpServer::noteRefused(int status, const QHostAddress &peer)
{
    Q_EMIT requestRefused(status, peer);
}

QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

} // namespace fw::http
