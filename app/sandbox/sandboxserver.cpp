#include "sandbox/sandboxserver.h"

#include "sandbox/sandbox.h"

#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace fw::sandbox {

namespace {

fw::http::ServerLimits sandboxLimits()
{
    fw::http::ServerLimits limits;
    limits.maxBodySize = 256 * 1024;   // rules and destinations are small
    return limits;
}

} // namespace

SandboxServer::SandboxServer(Sandbox &sandbox, QObject *parent)
    : QObject(parent)
    , m_sandbox(sandbox)
    , m_server(sandboxLimits())
{
    m_server.setHandler([this](fw::http::HttpRequest request, fw::http::HttpResponder responder) {
        handle(std::move(request), std::move(responder));
    });
}

bool SandboxServer::setTls(const QString &certificateFile, const QString &keyFile, QString *error)
{
    const std::optional<QSslConfiguration> configuration =
        fw::http::loadTlsConfiguration(certificateFile, keyFile, error);
    if (!configuration)
        return false;
    m_server.setTlsConfiguration(*configuration);
    m_tls = true;
    return true;
}

bool SandboxServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!m_server.listen(address, port)) {
        *error = m_server.errorString();
        return false;
    }
    const QHostAddress bound = m_server.serverAddress();
    m_host = bound.protocol() == QAbstractSocket::IPv6Protocol ? u'[' % bound.toString() % u']'
                                                                : bound.toString();
    if (bound == QHostAddress::AnyIPv4 || bound == QHostAddress::Any)
        m_host = u"127.0.0.1"_s;
    QUrl origin;
    origin.setScheme(m_tls ? u"https"_s : u"http"_s);
    origin.setHost(m_host.startsWith(u'[') ? m_host.mid(1, m_host.size() - 2) : m_host);
    origin.setPort(m_server.serverPort());
    m_sandbox.api().setOrigin(origin);
    return true;
}

QUrl SandboxServer::apiBaseUrl() const
{
    return QUrl(m_sandbox.api().apiBase());
}

void SandboxServer::handle(fw::http::HttpRequest request, fw::http::HttpResponder responder)
{
    fw::http::HttpResponse response = m_sandbox.api().handle(request);
    const int latency = m_sandbox.api().latencyMs();
    if (latency <= 0) {
        responder.respond(std::move(response));
        return;
    }
    QTimer::singleShot(latency, this, [responder, response = std::move(response)]() mutable {
        responder.respond(std::move(response));
    });
}

} // namespace fw::sandbox
