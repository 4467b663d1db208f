#pragma once

#include "http/serverlimits.h"

#include <QDateTime>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QThread>

#include <atomic>
#include <memory>
#include <optional>

namespace fw::store {
class EventStore;
}

namespace fw::http {
class HttpServer;
}

namespace fw::ingest {

struct ListenerConfig
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;                     // 0: any free port, see WebhookListener::port()
    QString path = QStringLiteral("/webhook");
    QByteArray secret;                    // required
    QByteArray secondSecret;              // optional, while the secret is being rotated
    std::optional<QSslConfiguration> tls; // HTTPS when set
    QList<QPair<QHostAddress, int>> allowed; // CIDR allowlist; empty: every address
    QList<QHostAddress> trustedProxies;   // only their X-Forwarded-For is believed
    http::ServerLimits limits;
};

// What the listener answered since it started; a snapshot for status lines and the UI.
struct ListenerStats
{
    quint64 acceptedPushes = 0;  // answered 2xx after the commit
    quint64 storedEvents = 0;    // new events among them
    quint64 duplicateEvents = 0; // already stored, still acknowledged
    quint64 forbiddenSignature = 0;  // 403: missing or wrong X-CP-Signature
    quint64 forbiddenAddress = 0;    // 403: not in the allowlist
    quint64 invalidPush = 0;         // 400: the body is no valid push
    quint64 tooLarge = 0;            // 413
    quint64 wrongMethod = 0;         // 405
    quint64 notFound = 0;            // 404
    quint64 storeUnavailable = 0;    // 503: the store could not commit (or shutting down)
    quint64 malformedHttp = 0;       // refused by the HTTP server: malformed, too slow (400, 408, 431, ...)
    quint64 refusedConnections = 0;  // over the connection cap
    QDateTime startedAt;

    quint64 rejected() const
    {
        return forbiddenSignature + forbiddenAddress + invalidPush + tooLarge + wrongMethod
            + notFound + storeUnavailable + malformedHttp + refusedConnections;
    }
};

// Receives NCM's signed alert pushes (issue 2). Every POST to the configured path is
// checked (allowlist, signature, push format), turned into events and appended to the
// store; the 2xx answer leaves only after the store committed, so an acknowledged push
// survives a crash. The HTTP server runs on the listener's own thread.
//
// Answers: 200 after the commit (duplicates included), 403 for a missing or wrong
// signature or an address outside the allowlist, 400 for an invalid push (the parser's
// sentence in the body), 413 over the body limit before the body is read, 405 for other
// methods on the path, 404 elsewhere, 503 when the store cannot commit. GET /healthz
// answers status, uptime and counts, nothing secret.
class WebhookListener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookListener)

public:
    // store must outlive the listener; append() is called from the listener's thread.
    explicit WebhookListener(store::EventStore *store, QObject *parent = nullptr);
    ~WebhookListener() override;

    // Binds and starts serving. False with errorString() set when the configuration is
    // unusable or the port cannot be bound.
    bool start(const ListenerConfig &config);
    // Stops accepting, answers new requests with 503, waits up to timeoutMs for the
    // commits in flight to be answered, then closes every connection. True if none was
    // left unanswered.
    bool stop(int timeoutMs = 10'000);

    bool isListening() const { return m_server != nullptr; }
    quint16 port() const { return m_port; }
    QString errorString() const { return m_error; }
    ListenerStats stats() const;

Q_SIGNALS:
    // A push or request was refused (status and one sentence), for the operator's log.
    void rejected(int status, const QString &reason, const QHostAddress &peer);

private:
    struct Counters;
    class Handler;

    void stopThread();

    store::EventStore *m_store;
    std::shared_ptr<Counters> m_counters;
    QThread m_thread;
    http::HttpServer *m_server = nullptr; // lives on m_thread
    std::shared_ptr<Handler> m_handler;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace fw::ingest
