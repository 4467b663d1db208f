#pragma once

#include "http/httpmessage.h"
#include "ingest/webhooklistener.h"
#include "relay/relayserver.h"

#include <QHostAddress>
#include <QObject>

#include <memory>

class QCommandLineParser;
class QSocketNotifier;

namespace fw::http {
class HttpServer;
}
namespace fw::store {
class SqliteEventStore;
}

namespace fw::relay {

class AckStore;
class StoreEventLog;
class TokenStore;

// fleetwall-relay serving: the shared webhook listener and store, the dashboards' WebSocket
// server, and a small status listener. SIGTERM or SIGINT: the listener answers the commits in
// flight, every stream is closed with 1001, the store is closed, exit status 0.
class RelayProgram final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RelayProgram)

public:
    RelayProgram();
    ~RelayProgram() override;

    static void addOptions(QCommandLineParser &parser);
    bool configure(const QCommandLineParser &parser, QString *error);
    bool start(QString *error);

Q_SIGNALS:
    void finished(int exitCode);

private:
    bool installSignalHandlers(QString *error);
    void onSignal();
    http::HttpResponse status(const http::HttpRequest &request);

    ingest::ListenerConfig m_listenerConfig;
    RelayServerConfig m_relayConfig;
    QHostAddress m_wsAddress;
    quint16 m_wsPort = 0;
    QHostAddress m_statusAddress;
    quint16 m_statusPort = 0;
    bool m_statusEnabled = false;
    QString m_databasePath;
    QString m_tokensPath;

    std::unique_ptr<store::SqliteEventStore> m_store;
    std::unique_ptr<ingest::WebhookListener> m_listener;
    std::unique_ptr<StoreEventLog> m_log;
    std::unique_ptr<AckStore> m_acks;
    std::unique_ptr<TokenStore> m_tokens;
    std::unique_ptr<RelayServer> m_server;
    std::unique_ptr<http::HttpServer> m_statusServer;
    bool m_stopping = false;
};

// `fleetwall-relay token add|revoke|list NAME --tokens-file FILE`; returns the exit status.
int runTokenCommand(const QCommandLineParser &parser);

} // namespace fw::relay
