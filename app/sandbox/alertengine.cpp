#include "sandbox/alertengine.h"

#include "core/logging.h"
#include "ingest/signature.h"
#include "sandbox/fleetresources.h"
#include "sandbox/listquery.h"
#include "sandbox/ncmformat.h"
#include "sandbox/simclock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrl>


using namespace Qt::Literals::StringLiterals;

namespace fw::sandbox {

namespace {

constexpr qint64 kMinuteUs = 60LL * 1000000;

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

AlertEngine::AlertEngine(Fleet &fleet, FleetResources &resources, SimClock &clock, quint64 seed,
                         QObject *parent)
    : QObject(parent)
    , m_fleet(fleet)
    , m_resources(resources)
    , m_clock(clock)
    , m_node((seed * 0x9e3779b97f4a7c15ULL) | 0x010000000000ULL) // multicast bit: not a real MAC
    , m_clockSeq(quint16(seed & 0x3fff))
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setAutoDeleteReplies(false);
}

AlertEngine::~AlertEngine()
{
    // Replies still running must not call back into a half-destroyed engine.
    const QList<QNetworkReply *> replies = m_network->findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
    }
    delete m_network;
}

QByteArray AlertEngine::signature(QByteArrayView body, QByteArrayView secret)
{
    return fw::ingest::Signature::sign(secret, body);
}

QString AlertEngine::newId()
{
    // Ids are time-UUIDs of "now", made unique when two fall on the same microsecond.
    m_lastIdUs = std::max(m_clock.nowUs(), m_lastIdUs + 1);
    return timeUuid(m_lastIdUs, m_node ^ 0x5a5a, m_clockSeq);
}

QJsonObject AlertEngine::makeAlert(const SimEvent &event)
{
    ++m_alertCount;
    const qint64 delayUs = 800000 + (m_alertCount * 7919) % 1200000;
    m_lastCreatedUs = std::max(event.timeUs + delayUs, m_lastCreatedUs + 1);

    QJsonObject alert{{u"type"_s, event.type},
                      {u"detected_at"_s, isoTime(event.timeUs, m_alertCount % 5 == 0)},
                      {u"created_at"_s, isoTime(m_lastCreatedUs)},
                      {u"created_at_timeuuid"_s, timeUuid(m_lastCreatedUs, m_node, m_clockSeq)},
                      {u"friendly_info"_s, event.friendlyInfo},
                      {u"info"_s, event.info}};
    if (event.router >= 0) {
        const Router &router = m_fleet.routers()[size_t(event.router)];
        alert.insert(u"router"_s, m_resources.url(u"routers", QString::number(router.id)));
        alert.insert(u"account"_s, m_resources.url(u"accounts", m_fleet.accountOf(router).id));
        alert.insert(u"router_details"_s, m_resources.routerDetails(event.router));
    } else {
        alert.insert(u"router"_s, QJsonValue::Null);
        alert.insert(u"account"_s, m_resources.url(u"accounts", m_fleet.accounts().front().id));
    }
    return alert;
}

void AlertEngine::raise(const SimEvent &event)
{
    const QJsonObject alert = makeAlert(event);
    m_alerts.push_back(alert);
    if (m_alerts.size() > size_t(kMaxAlerts))
        m_alerts.pop_front();
    if (event.router < 0)
        return;

    const Router &router = m_fleet.routers()[size_t(event.router)];
    QSet<QString> targets;
    for (const AlertRule &rule : std::as_const(m_rules)) {
        if (ruleCovers(rule, router, event.type))
            targets.unite(QSet<QString>(rule.httpDestinations.cbegin(), rule.httpDestinations.cend()));
    }
    if (targets.isEmpty())
        return;

    const QByteArray body = compact(QJsonObject{{u"data"_s, QJsonArray{alert}}});
    for (auto &destination : m_destinations) {
        if (targets.contains(destination->id))
            enqueue(*destination, body);
    }
}

bool AlertEngine::ruleCovers(const AlertRule &rule, const Router &router, const QString &type) const
{
    if (!rule.types.contains(type))
        return false;
    const Group &group = m_fleet.groups()[router.group];
    return rule.groups.contains(group.id)
        || rule.accounts.contains(m_fleet.accounts()[group.account].id);
}

void AlertEngine::enqueue(PushDestination &destination, const QByteArray &body)
{
    if (!destination.enabled || destination.suspended)
        return;
    destination.queue.push_back(body);
    if (!destination.inFlight && destination.failures == 0)
        send(destination, body, false);
}

void AlertEngine::poll()
{
    const qint64 now = m_clock.nowUs();
    for (auto &destination : m_destinations) {
        if (!destination->inFlight && !destination->queue.empty() && !destination->suspended
            && destination->nextAttemptUs <= now)
            send(*destination, destination->queue.front(), false);
    }
}

void AlertEngine::send(PushDestination &destination, const QByteArray &body, bool test)
{
    QNetworkRequest request{QUrl(destination.url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("ncm-sandbox/" FLEETWALL_VERSION));
    request.setRawHeader(QByteArrayLiteral("X-CP-Signature"), signature(body, destination.secret));
    request.setTransferTimeout(m_pushTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);

    QNetworkReply *reply = m_network->post(request, body);
    if (m_ignoreTlsErrors)
        reply->ignoreSslErrors();
    if (!test) {
        destination.inFlight = reply;
        ++destination.attempts;
    }
    const QString id = destination.id;
    connect(reply, &QNetworkReply::finished, this, [this, id, reply, test] { finished(id, reply, test); });
}

void AlertEngine::finished(const QString &destinationId, QNetworkReply *reply, bool test)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool delivered = reply->error() == QNetworkReply::NoError && status >= 200 && status < 300;
    PushDestination *destination = findDestination(destinationId);
    if (!destination || (!test && destination->inFlight != reply))
        return;

    if (test) {
        Q_EMIT pushFinished(destinationId, status, delivered);
        return;
    }
    destination->inFlight = nullptr;
    if (delivered) {
        destination->queue.pop_front();
        destination->failures = 0;
        ++destination->delivered;
        if (!destination->queue.empty())
            send(*destination, destination->queue.front(), false);
    } else {
        const QString why = status > 0 ? u"HTTP %1 from the destination"_s.arg(status) : reply->errorString();
        failed(*destination, why);
    }
    Q_EMIT pushFinished(destinationId, status, delivered);
}

void AlertEngine::failed(PushDestination &destination, const QString &why)
{
    const qint64 now = m_clock.nowUs();
    destination.lastErrorAtUs = now;
    destination.lastErrorText = why;
    qCInfo(lcSandbox) << "Push to" << destination.url << "failed:" << why;

    if (destination.failures >= int(std::size(kRetryMinutes))) {
        destination.suspended = true;
        destination.failures = 0;
        destination.queue.clear();
        destination.updatedUs = now;
        qCWarning(lcSandbox) << "Destination" << destination.url << "suspended after the retry schedule.";
        Q_EMIT destinationSuspended(destination.id);
        return;
    }
    destination.nextAttemptUs = now + kRetryMinutes[destination.failures] * kMinuteUs;
    ++destination.failures;
}

PushDestination *AlertEngine::findDestination(const QString &id)
{
    for (auto &destination : m_destinations) {
        if (destination->id == id)
            return destination.get();
    }
    return nullptr;
}

QJsonObject AlertEngine::statistics() const
{
    QJsonArray list;
    for (const auto &d : m_destinations) {
        list.append(QJsonObject{{u"destination_config_id"_s, d->id},
                                {u"queued"_s, qint64(d->queue.size())},
                                {u"attempts"_s, d->attempts},
                                {u"delivered"_s, d->delivered},
                                {u"suspended"_s, d->suspended}});
    }
    return {{u"alerts"_s, m_alertCount}, {u"destinations"_s, list}};
}

} // namespace fw::sandbox
