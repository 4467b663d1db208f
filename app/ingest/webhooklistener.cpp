#include "ingest/webhooklistener.h"

#include "core/logging.h"
#include "http/httpserver.h"
#include "ingest/signature.h"
#include "ncm/alertparser.h"
#include "ncm/catalogue.h"
#include "store/eventstore.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

using namespace Qt::Literals::StringLiterals;
using fw::http::HttpRequest;
using fw::http::HttpResponder;
using fw::http::HttpResponse;

namespace fw::ingest {

namespace {

using Counter = std::atomic<quint64>;

// A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; subnets are written as IPv4.
QHostAddress normalized(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

void bump(Counter &counter, quint64 by = 1)
{
    counter.fetch_add(by, std::memory_order_relaxed);
}

} // namespace

struct WebhookListener::Counters
{
    Counter acceptedPushes{0};
    Counter storedEvents{0};
    Counter duplicateEvents{0};
    Counter forbiddenSignature{0};
    Counter forbiddenAddress{0};
    Counter invalidPush{0};
    Counter tooLarge{0};
    Counter wrongMethod{0};
    Counter notFound{0};
    Counter storeUnavailable{0};
    Counter malformedHttp{0};
    Counter refusedConnections{0};
    std::atomic<int> inFlight{0};     // appended, not yet answered
    std::atomic<bool> draining{false};
    QDateTime startedAt;
    QElapsedTimer uptime;
};

// Runs on the listener's thread; reads only its own copy of the configuration.
class WebhookListener::Handler final
{
public:
    Handler(const ListenerConfig &config, store::EventStore *store,
            std::shared_ptr<Counters> counters, WebhookListener *owner, http::HttpServer *server)
        : m_config(config)
        , m_signature(config.secret, config.secondSecret)
        , m_store(store)
        , m_counters(std::move(counters))
        , m_owner(owner)
        , m_server(server)
    {
    }

    void handle(HttpRequest request, const HttpResponder &responder);

private:
    QHostAddress clientAddress(const HttpRequest &request) const;
    bool isAllowed(const QHostAddress &client) const;
    bool isTrustedProxy(const QHostAddress &address) const;
    void handlePush(HttpRequest &&request, const QHostAddress &client, const HttpResponder &responder);
    void storeEvents(QList<store::Event> &&events, const QHostAddress &client,
                     const HttpResponder &responder);
    void flushBatch();
    HttpResponse health() const;
    void reject(const HttpResponder &responder, HttpResponse &&response, Counter &counter,
                const QString &reason, const QHostAddress &client);

    const ListenerConfig m_config;
    const Signature m_signature;
    store::EventStore *m_store;
    std::shared_ptr<Counters> m_counters;
    WebhookListener *m_owner;
    http::HttpServer *m_server;

    // Pushes verified in this pass of the event loop, appended together by flushBatch().
    struct WaitingPush
    {
        HttpResponder responder;
        QHostAddress client;
        int alerts = 0;
    };
    QList<store::Event> m_batch;
    QList<WaitingPush> m_waiting;
    bool m_flushScheduled = false;
};

void WebhookListener::Handler::handle(HttpRequest request, const HttpResponder &responder)
{
    const QHostAddress client = clientAddress(request);
    if (!isAllowed(client)) {
        reject(responder, HttpResponse::text(403, "This address may not send requests here.\n"),
               m_counters->forbiddenAddress, u"address not in the allowlist"_s, client);
        return;
    }

    const bool isHead = request.method == "HEAD";
    if (request.path == u"/healthz") {
        if (request.method == "GET" || isHead)
            responder.respond(health());
        else
            reject(responder, {405, {{"Allow", "GET, HEAD"}}, "Use GET.\n"},
                   m_counters->wrongMethod, u"method not allowed on /healthz"_s, client);
        return;
    }
    if (request.path != m_config.path) {
        reject(responder, HttpResponse::text(404, "Not found.\n"), m_counters->notFound,
               u"no such path"_s, client);
        return;
    }
    if (request.method != "POST") {
        reject(responder, {405, {{"Allow", "POST"}}, "Pushes are sent with POST.\n"},
               m_counters->wrongMethod, u"method not allowed on the webhook path"_s, client);
        return;
    }
    handlePush(std::move(request), client, responder);
}

void WebhookListener::Handler::handlePush(HttpRequest &&request, const QHostAddress &client,
                                          const HttpResponder &responder)
{
    const auto check = m_signature.check(request.body, request.header("X-CP-Signature"));
    if (check != Signature::Check::Valid) {
        const bool missing = check == Signature::Check::Missing;
        reject(responder,
               HttpResponse::text(403, missing ? "The X-CP-Signature header is missing.\n"
                                               : "The X-CP-Signature does not match the body.\n"),
               m_counters->forbiddenSignature,
               missing ? u"signature missing"_s : u"signature wrong"_s, client);
        return;
    }

    ncm::PushParseResult parsed = ncm::parsePush(request.body);
    if (!parsed.ok()) {
        reject(responder, HttpResponse::text(400, parsed.error.toUtf8() + '\n'),
               m_counters->invalidPush, u"invalid push: "_s + parsed.error, client);
        return;
    }
    if (m_counters->draining.load()) {
        reject(responder, {503, {{"Retry-After", "5"}}, "The receiver is shutting down.\n"},
               m_counters->storeUnavailable, u"shutting down"_s, client);
        return;
    }

    const QDateTime receivedAt = QDateTime::currentDateTimeUtc();
    const auto &catalogue = ncm::Catalogue::instance();
    QList<store::Event> events;
    events.reserve(parsed.alerts.size());
    for (ncm::Alert &alert : parsed.alerts) {
        store::Event &event = events.emplaceBack();
        event.alert = std::move(alert);
        event.source = store::Source::Push;
        event.signatureVerified = true;
        event.receivedAt = receivedAt;
        catalogue.classify(event);
    }
    storeEvents(std::move(events), client, responder);
}

void WebhookListener::Handler::storeEvents(QList<store::Event> &&events, const QHostAddress &client,
                                           const HttpResponder &responder)
{
    m_waiting.append({responder, client, int(events.size())});
    m_batch.append(std::move(events));
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    // Queued: runs after every other socket ready in this pass of the event loop, so the
    // pushes that arrived together share one append and one commit.
    QMetaObject::invokeMethod(m_server, [this] { flushBatch(); }, Qt::QueuedConnection);
}

void WebhookListener::Handler::flushBatch()
{
    m_flushScheduled = false;
    QList<store::Event> events = std::exchange(m_batch, {});
    QList<WaitingPush> waiting = std::exchange(m_waiting, {});
    m_counters->inFlight.fetch_add(int(waiting.size()));

    auto done = [waiting, counters = m_counters, owner = m_owner](const store::AppendResult &result) {
        if (result.ok) {
            bump(counters->acceptedPushes, quint64(waiting.size()));
            bump(counters->storedEvents, quint64(result.inserted));
            bump(counters->duplicateEvents, quint64(result.duplicates));
        } else {
            bump(counters->storeUnavailable, quint64(waiting.size()));
            qCWarning(lcIngest).noquote() << "answered 503 to" << waiting.size()
                                          << "pushes - the store could not commit:" << result.error;
        }
        for (const WaitingPush &push : waiting) {
            if (result.ok) {
                push.responder.respond(HttpResponse::json(
                    200, "{\"accepted\":" + QByteArray::number(push.alerts) + '}'));
            } else {
                push.responder.respond({503, {{"Retry-After", "60"}}, "The event store cannot commit.\n"});
                Q_EMIT owner->rejected(503, u"store cannot commit: "_s + result.error, push.client);
            }
        }
        counters->inFlight.fetch_sub(int(waiting.size()));
    };
    m_store->append(std::move(events), m_server, std::move(done));
}

QHostAddress WebhookListener::Handler::clientAddress(const HttpRequest &request) const
{
    const QHostAddress peer = normalized(request.peer);
    if (!isTrustedProxy(peer))
        return peer;
    const QByteArray forwarded = request.header("X-Forwarded-For");
    if (forwarded.isEmpty())
        return peer;

    // The rightmost entry that is not one of our proxies is the one a proxy of ours wrote.
    const QList<QByteArray> hops = forwarded.split(',');
    for (qsizetype i = hops.size() - 1; i >= 0; --i) {
        const QHostAddress hop = normalized(QHostAddress(QString::fromLatin1(hops[i].trimmed())));
        if (hop.isNull())
            return {}; // garbled: an unknown client, refused by any allowlist
        if (i == 0 || !isTrustedProxy(hop))
            return hop;
    }
    return peer;
}

bool WebhookListener::Handler::isAllowed(const QHostAddress &client) const
{
    if (m_config.allowed.isEmpty())
        return true;
    return std::any_of(m_config.allowed.begin(), m_config.allowed.end(),
                       [&client](const auto &subnet) { return client.isInSubnet(subnet); });
}

bool WebhookListener::Handler::isTrustedProxy(const QHostAddress &address) const
{
    return std::any_of(m_config.trustedProxies.begin(), m_config.trustedProxies.end(),
                       [&address](const QHostAddress &proxy) {
                           return normalized(proxy).isEqual(address);
                       });
}

HttpResponse WebhookListener::Handler::health() const
{
    const Counters &c = *m_counters;
    const QJsonObject object{
        {u"status"_s, c.draining.load() ? u"stopping"_s : u"ok"_s},
        {u"uptime_s"_s, double(c.uptime.elapsed() / 1000)},
        {u"accepted"_s, double(c.acceptedPushes.load())},
        {u"stored_events"_s, double(c.storedEvents.load())},
        {u"duplicate_events"_s, double(c.duplicateEvents.load())},
        {u"rejected_signature"_s, double(c.forbiddenSignature.load())},
        {u"rejected_invalid"_s, double(c.invalidPush.load())},
        {u"store_unavailable"_s, double(c.storeUnavailable.load())},
    };
    return HttpResponse::json(200, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

void WebhookListener::Handler::reject(const HttpResponder &responder, HttpResponse &&response,
                                      Counter &counter, const QString &reason,
                                      const QHostAddress &client)
{
    bump(counter);
    qCWarning(lcIngest).noquote() << "answered" << response.status << "to" << client.toString()
                                  << "-" << reason;
    Q_EMIT m_owner->rejected(response.status, reason, client);
    responder.respond(std::move(response));
}

WebhookListener::WebhookListener(store::EventStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_counters(std::make_shared<Counters>())
{
    m_thread.setObjectName(u"webhook listener"_s);
}

WebhookListener::~WebhookListener()
{
    stop(0);
}

bool WebhookListener::start(const ListenerConfig &config)
{
    stop(0);
    if (config.secret.isEmpty()) {
        m_error = tr("The webhook secret is empty.");
        return false;
    }
    if (!config.path.startsWith(u'/')) {
        m_error = tr("The webhook path must start with \"/\".");
        return false;
    }

    m_counters = std::make_shared<Counters>();
    m_counters->startedAt = QDateTime::currentDateTimeUtc();
    m_counters->uptime.start();
    m_server = new http::HttpServer(config.limits);
    m_handler = std::make_shared<Handler>(config, m_store, m_counters, this, m_server);
    m_server->setHandler([handler = m_handler](HttpRequest request, HttpResponder responder) {
        handler->handle(std::move(request), responder);
    });
    if (config.tls)
        m_server->setTlsConfiguration(*config.tls);
    connect(m_server, &http::HttpServer::requestRefused, m_server,
            [counters = m_counters](int status, const QHostAddress &) {
                bump(status == 413   ? counters->tooLarge
                     : status == 503 ? counters->refusedConnections
                                     : counters->malformedHttp);
            });
    m_server->moveToThread(&m_thread);
    m_thread.start();

    bool listening = false;
    QMetaObject::invokeMethod(
        m_server, [&] { listening = m_server->listen(config.address, config.port); },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        m_error = m_server->errorString();
        stopThread();
        return false;
    }
    m_port = m_server->serverPort();
    m_error.clear();
    return true;
}

bool WebhookListener::stop(int timeoutMs)
{
    if (!m_server)
        return true;
    m_counters->draining = true;
    QMetaObject::invokeMethod(m_server, &http::HttpServer::close, Qt::BlockingQueuedConnection);

    QDeadlineTimer deadline(timeoutMs);
    while (m_counters->inFlight.load() > 0 && !deadline.hasExpired())
        QThread::msleep(5);
    const bool allAnswered = m_counters->inFlight.load() == 0;
    // Let the last answers reach their sockets before the connections go.
    QMetaObject::invokeMethod(m_server, [] {}, Qt::BlockingQueuedConnection);
    stopThread();
    return allAnswered;
}

void WebhookListener::stopThread()
{
    m_server->deleteLater(); // runs on its thread, at the latest when the thread finishes
    m_server = nullptr;
    m_handler.reset();
    m_thread.quit();
    m_thread.wait();
    m_port = 0;
}

ListenerStats WebhookListener::stats() const
{
    const Counters &c = *m_counters;
    ListenerStats stats;
    stats.acceptedPushes = c.acceptedPushes.load();
    stats.storedEvents = c.storedEvents.load();
    stats.duplicateEvents = c.duplicateEvents.load();
    stats.forbiddenSignature = c.forbiddenSignature.load();
    stats.forbiddenAddress = c.forbiddenAddress.load();
    stats.invalidPush = c.invalidPush.load();
    stats.tooLarge = c.tooLarge.load();
    stats.wrongMethod = c.wrongMethod.load();
    stats.notFound = c.notFound.load();
    stats.storeUnavailable = c.storeUnavailable.load();
    stats.malformedHttp = c.malformedHttp.load();
    stats.refusedConnections = c.refusedConnections.load();
    stats.startedAt = c.startedAt;
    return stats;
}

} // namespace fw::ingest
