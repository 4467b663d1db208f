#include "api/fleetsync.h"

#include "api/ncmclient.h"
#include "api/syncsink.h"
#include "core/logging.h"

#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace fw::api {

struct FleetSync::Staged
{
    QList<AccountInfo> accounts;
    QList<GroupInfo> groups;
    QList<RouterInfo> routers;
    QList<Location> locations;
    QList<ModemInfo> modems;
    QList<SignalSample> signalSamples;
    QList<CellularHealth> health;
    std::shared_ptr<QList<BatteryInfo>> batteries = std::make_shared<QList<BatteryInfo>>();
};

namespace {

// A page handler that parses every record into out, refusing the page on the first bad one.
template<typename T, typename Parser>
NcmClient::PageHandler collect(QList<T> *out, Parser parse)
{
    return [out, parse](const QJsonArray &records) -> QString {
        for (const QJsonValue &value : records) {
            if (!value.isObject())
                return u"NCM sent a list entry that is not an object."_s;
            QString error;
            auto item = parse(value.toObject(), &error);
            if (!item)
                return error;
            out->append(std::move(*item));
        }
        return {};
    };
}

QUrlQuery withItem(QUrlQuery query, const QString &key, const QString &value)
{
    // QUrlQuery leaves '+' alone and servers read it as a space: NCM offsets need %2B.
    query.addQueryItem(key, QString(value).replace(u'+', u"%2B"_s));
    return query;
}

} // namespace

FleetSync::FleetSync(NcmClient *client, SyncSink *sink, const SyncOptions &options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_sink(sink)
    , m_options(options)
{
}

FleetSync::~FleetSync() = default;

void FleetSync::startFullSync()
{
    if (m_busy)
        return;
    m_busy = true;

    auto staged = std::make_shared<Staged>();
    auto steps = fullSyncSteps(staged);
    const int total = static_cast<int>(steps.size());
    Q_EMIT progress(0, total, steps.first().first);
    runSteps(staged, std::move(steps), 0, total);
}

QList<std::pair<QString, FleetSync::Step>> FleetSync::fullSyncSteps(const std::shared_ptr<Staged> &staged)
{
    QList<std::pair<QString, Step>> steps;
    auto listStep = [this](const QString &path, const QUrlQuery &query, NcmClient::PageHandler page) {
        return [this, path, query, page](Next next) { m_client->list(path, query, this, page, next); };
    };

    steps.append({u"accounts"_s, listStep(u"accounts"_s, {}, collect(&staged->accounts, parseAccount))});
    steps.append({u"groups"_s, listStep(u"groups"_s, {}, collect(&staged->groups, parseGroup))});
    steps.append({u"routers"_s, listStep(u"routers"_s, QUrlQuery(u"expand=group"_s), collect(&staged->routers, parseRouter))});
    // All locations at 500 a page cost fewer calls than router__in chunks of 100.
    if (m_options.locations)
        steps.append({u"locations"_s, listStep(u"locations"_s, {}, collect(&staged->locations, parseLocation))});
    if (m_options.modems)
        steps.append({u"modems"_s, listStep(u"net_devices"_s, m_options.modemQuery, collect(&staged->modems, parseModem))});
    if (m_options.signal)
        steps.append({u"signal"_s, listStep(u"net_device_metrics"_s, {}, collect(&staged->signalSamples, parseSignal))});
    if (m_options.health)
        steps.append({u"cellular health"_s, listStep(u"net_device_health"_s, {}, collect(&staged->health, parseHealth))});
    if (!m_options.batteryProducts.isEmpty()) {
        steps.append({u"batteries"_s, [this, staged](Next next) {
                          fetchBatteriesInto(staged->batteries, batteryRouters(staged->routers), next);
                      }});
    }
    return steps;
}

void FleetSync::runSteps(const std::shared_ptr<Staged> &staged, QList<std::pair<QString, Step>> steps, int done, int total)
{
    if (steps.isEmpty()) {
        finishFullSync(staged, {});
        return;
    }
    const auto [stage, step] = steps.takeFirst();
    step([this, staged, steps, done, total, stage](const QString &error) {
        if (!error.isEmpty()) {
            finishFullSync(staged, error);
            return;
        }
        Q_EMIT progress(done + 1, total, steps.isEmpty() ? stage : steps.first().first);
        runSteps(staged, steps, done + 1, total);
    });
}

void FleetSync::finishFullSync(const std::shared_ptr<Staged> &staged, const QString &error)
{
    m_busy = false;
    if (!error.isEmpty()) {
        qCWarning(lcApi) << "fleet sync failed:" << error;
        Q_EMIT fullSyncFinished(error);
        return;
    }
    for (const RouterInfo &router : std::as_const(staged->routers))
        advanceWatermark(router.stateUpdatedAtText, router.stateUpdatedAt);

    m_sink->applyAccounts(staged->accounts);
    m_sink->applyGroups(staged->groups);
    m_sink->applyRouters(staged->routers);
    m_sink->applyLocations(staged->locations);
    m_sink->applyModems(staged->modems);
    m_sink->applySignals(staged->signalSamples);
    m_sink->applyHealth(staged->health);
    if (!staged->batteries->isEmpty())
        m_sink->applyBatteries(*staged->batteries);
    Q_EMIT fullSyncFinished({});
}

void FleetSync::reconcile()
{
    if (m_reconciling)
        return;
    if (m_watermark.isEmpty()) {
        Q_EMIT reconcileFinished(0, u"Router states cannot be reconciled before a full sync."_s);
        return;
    }
    m_reconciling = true;

    QUrlQuery query = withItem({}, u"state_updated_at__gt"_s, m_watermark);
    query.addQueryItem(u"fields"_s, u"id,state,state_updated_at"_s);
    auto changes = std::make_shared<QList<RouterStateChange>>();
    m_client->list(u"routers"_s, query, this, collect(changes.get(), parseStateChange),
                   [this, changes](const QString &error) {
                       m_reconciling = false;
                       if (!error.isEmpty()) {
                           Q_EMIT reconcileFinished(0, error);
                           return;
                       }
                       for (const RouterStateChange &change : std::as_const(*changes))
                           advanceWatermark(change.atText, change.at);
                       if (!changes->isEmpty())
                           m_sink->applyRouterStates(*changes);
                       Q_EMIT reconcileFinished(static_cast<int>(changes->size()), {});
                   });
}

void FleetSync::fetchBatteries(const QStringList &routerIds)
{
    auto batteries = std::make_shared<QList<BatteryInfo>>();
    fetchBatteriesInto(batteries, routerIds, [this, batteries](const QString &error) {
        if (error.isEmpty() && !batteries->isEmpty())
            m_sink->applyBatteries(*batteries);
        Q_EMIT batteriesFinished(error);
    });
}

void FleetSync::fetchBatteriesInto(const std::shared_ptr<QList<BatteryInfo>> &out, QStringList routerIds, Next next)
{
    if (routerIds.isEmpty()) {
        next({});
        return;
    }
    const QString routerId = routerIds.takeFirst();
    auto records = std::make_shared<QList<BatteryInfo>>();
    m_client->list(u"batteries"_s, withItem({}, u"router"_s, routerId), this,
                   collect(records.get(), parseBattery),
                   [this, out, records, routerIds, next](const QString &error) {
                       if (!error.isEmpty()) {
                           next(error);
                           return;
                       }
                       // Keep the newest record per router.
                       const BatteryInfo *newest = nullptr;
                       for (const BatteryInfo &battery : std::as_const(*records)) {
                           if (!newest || battery.updatedAt > newest->updatedAt)
                               newest = &battery;
                       }
                       if (newest)
                           out->append(*newest);
                       fetchBatteriesInto(out, routerIds, next);
                   });
}

QStringList FleetSync::batteryRouters(const QList<RouterInfo> &routers) const
{
    QStringList ids;
    for (const RouterInfo &router : routers) {
        const bool hasBattery = std::any_of(m_options.batteryProducts.cbegin(), m_options.batteryProducts.cend(),
                                            [&router](const QString &product) {
                                                return router.productName.contains(product, Qt::CaseInsensitive);
                                            });
        if (hasBattery && ids.size() < m_options.maxBatteryRouters)
            ids.append(router.id);
    }
    return ids;
}

void FleetSync::advanceWatermark(const QString &text, const QDateTime &at)
{
    if (text.isEmpty() || !at.isValid())
        return;
    if (!m_watermarkTime.isValid() || at > m_watermarkTime
        || (at == m_watermarkTime && text > m_watermark)) {
        m_watermarkTime = at;
        m_watermark = text;
    }
}

} // namespace fw::api
