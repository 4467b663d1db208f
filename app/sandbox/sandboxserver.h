#pragma once

#include "http/httpserver.h"

#include <QObject>
#include <QUrl>

namespace fw::sandbox {

class Sandbox;

// Serves a Sandbox's API over fw::http::HttpServer (HTTP, or HTTPS from PEM files), adding
// the configured latency before each answer.
class SandboxServer final : public QObject
{
    Q_OBJECT

public:
    explicit SandboxServer(Sandbox &sandbox, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(SandboxServer)

    // Loads the PEM pair for HTTPS; false with *error set to one sentence on failure.
    bool setTls(const QString &certificateFile, const QString &keyFile, QString *error);
    // Binds, and tells the sandbox its origin so references and meta.next point here.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    // "http://127.0.0.1:PORT/api/v2/"
    QUrl apiBaseUrl() const;

private:
    void handle(fw::http::HttpRequest request, fw::http::HttpResponder responder);

    Sandbox &m_sandbox;
    fw::http::HttpServer m_server;
    bool m_tls = false;
    QString m_host;
};

} // namespace fw::sandbox
