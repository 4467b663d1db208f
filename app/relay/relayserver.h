#pragma once

#include "relay/protocol.h"
#include "relay/tokenstore.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>

#include <chrono>
#include <deque>
#include <optional>

class QWebSocketServer;

namespace fw::relay {

class AckStore;
class EventLog;
class RelaySession;
class TokenStore;

struct RelayServerConfig
{
    int maxConnections = 256;                            // streaming dashboards
    int maxPendingConnections = 16;                      // and connections before hello
    std::chrono::milliseconds handshakeTimeout{10'000}; // WebSocket upgrade (and TLS)
    std::chrono::milliseconds helloTimeout{10'000};
    std::chrono::milliseconds heartbeatInterval{15'000};
    int heartbeatMisses = 3;
    std::chrono::milliseconds stallTimeout{30'000};      // pending data, none accepted
    std::chrono::milliseconds closeGrace{3'000};         // then a closing socket is aborted
    qint64 sendHighWater = 1024 * 1024;                  // unsent bytes before a pause
    qint64 maxLagEvents = 0;                             // after catching up once; 0: no limit
    int replayBatch = 256;
    int cacheEvents = 8192;                              // live events kept encoded in memory
    std::chrono::milliseconds tokenReloadInterval{2'000};
    std::chrono::milliseconds retentionInterval{600'000};
    int retentionDays = 0;                               // 0 keeps forever
    qint64 retentionEvents = 0;                          // 0: no cap
    std::optional<QSslConfiguration> tls;
};

// The dashboards' side of fleetwall-relay: a WebSocket server speaking fleetwall-relay/1
// (docs/relay.md). Every connection is a RelaySession with its own cursor; events are encoded
// once and written to each connection only while its unsent data stays under
// sendHighWater, so a slow dashboard is served from the log at its own pace and costs the
// others nothing. Lives on one thread with its EventLog, AckStore and TokenStore.
class RelayServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RelayServer)

public:
    struct Batch
    {
        std::optional<RetentionGap> gap;
        QList<std::pair<qint64, QString>> frames; // seq, encoded event
        QString error;                            // storage failure
    };

    RelayServer(const RelayServerConfig &config, EventLog *log, AckStore *acks, TokenStore *tokens,
                QObject *parent = nullptr);
    ~RelayServer() override;

    bool listen(const QHostAddress &address, quint16 port);
    QString errorString() const { return m_error; }
    quint16 serverPort() const;
    bool isSecure() const;

    // Stops accepting and closes every stream with 1001; emits shutdownFinished() when all
    // are gone (at most closeGrace later).
    void shutdown();
    void pruneNow();

    QJsonObject status();
    int sessionCount() const { return int(m_sessions.size()); }
    qint64 headSeq() const { return m_head; }

    // For sessions.
    const RelayServerConfig &config() const { return m_config; }
    QString serverId() const;
    Batch nextBatch(qint64 after, int maxCount);
    TokenStore::Verification verifyToken(QStringView token);
    bool hasRoomForStream() const;
    std::optional<Welcome> welcome(RelaySession *session, const Hello &hello, QString *error);
    bool replayAcks(RelaySession *session, qint64 after, QString *error);
    void shareAck(RelaySession *from, Ack ack);
    void sessionFinished(RelaySession *session);

Q_SIGNALS:
    void sessionOpened(const QString &name);
    void sessionClosed(const QString &name, int closeCode);
    void shutdownFinished();

private:
    void acceptConnections();
    void onAppended(const QList<fw::store::Event> &events);
    void reloadTokens();
    void pumpAll();
    std::optional<RetentionGap> gapAfter(qint64 after, QString *error);

    RelayServerConfig m_config;
    EventLog *m_log;
    AckStore *m_acks;
    TokenStore *m_tokens;
    QWebSocketServer *m_server;
    QList<RelaySession *> m_sessions;
    QString m_error;

    struct Cached
    {
        qint64 seq;
        QString frame;
    };
    std::deque<Cached> m_cache;
    qint64 m_cacheFloor = 0; // every event above it is in m_cache or not yet signalled
    qint64 m_head = 0;
    qint64 m_oldest = 1;     // as of the last look; only grows
    bool m_shuttingDown = false;

    QTimer m_tokenTimer;
    QTimer m_retentionTimer;
    QTimer m_shutdownTimer;
};

} // namespace fw::relay
