#include "fleet/fleetstate.h"

#include "core/logging.h"
#include "ncm/catalogue.h"
#include "store/sqliteeventstore.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace fw::fleet {

// Rows touched by one input call, announced together at its end.
struct FleetState::Batch
{
    int firstNew = -1;
    QList<int> changed;
};

namespace {

void assignIfSet(QString &target, const QString &value)
{
    if (!value.isEmpty())
        target = value;
}

} // namespace

FleetState::FleetState(QObject *parent)
    : FleetState(ncm::Catalogue::instance(), parent)
{
}

FleetState::FleetState(const ncm::Catalogue &catalogue, QObject *parent)
    : QObject(parent)
    , m_catalogue(catalogue)
{
}

FleetState::~FleetState() = default;

const Router *FleetState::router(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_routers.at(row);
}

int FleetState::ensureRouter(const QString &id, Batch &batch)
{
    const auto it = m_rows.constFind(id);
    if (it != m_rows.cend())
        return *it;
    const int row = count();
    Router router;
    router.id = id;
    m_routers.append(std::move(router));
    m_rows.insert(id, row);
    if (batch.firstNew < 0)
        batch.firstNew = row;
    return row;
}

void FleetState::touch(int row, Batch &batch)
{
    if (batch.firstNew < 0 || row < batch.firstNew)
        batch.changed.append(row);
}

void FleetState::publish(Batch &batch)
{
    if (batch.firstNew >= 0)
        Q_EMIT routersAdded(batch.firstNew, count() - 1);
    if (batch.changed.isEmpty())
        return;
    std::sort(batch.changed.begin(), batch.changed.end());
    batch.changed.erase(std::unique(batch.changed.begin(), batch.changed.end()), batch.changed.end());
    Q_EMIT routersChanged(batch.changed);
}

void FleetState::applyEvents(const QList<store::Event> &events)
{
    Batch batch;
    for (const store::Event &event : events) {
        if (event.alert.routerId.isEmpty())
            continue; // account-level alerts belong to no router
        const int row = ensureRouter(event.alert.routerId, batch);
        if (applyEvent(event))
            touch(row, batch);
    }
    publish(batch);
}

// True when the router changed. An older event than the newest seen (back-fill) only fills in
// details still missing; it never rolls state or open alerts back.
bool FleetState::applyEvent(const store::Event &event)
{
    Router &router = m_routers[m_rows.value(event.alert.routerId)];
    const bool newest = !router.lastEventAt.isValid() || event.alert.detectedAt >= router.lastEventAt;
    const bool detailsChanged = applyDetails(router, event.alert, newest);
    if (!newest)
        return detailsChanged;

    const OnlineState effect = onlineStateFromName(m_catalogue.stateFromAlert(event.alert));
    if (effect != OnlineState::Unknown
        && (!router.stateChangedAt.isValid() || event.alert.detectedAt >= router.stateChangedAt)) {
        router.state = effect;
        router.stateChangedAt = event.alert.detectedAt;
    }
    applyOpenAlerts(router, event, effect);
    router.lastEventAt = event.alert.detectedAt;
    router.lastEventType = event.alert.type;
    router.lastEventTitle = event.title.isEmpty() ? event.alert.type : event.title;
    router.lastEventCategory = event.category;
    router.lastEventSeverity = event.severity;
    router.lastEventSeq = std::max(router.lastEventSeq, event.seq);
    return true;
}

// router_details of a push: the newest push overwrites, an older one only fills gaps.
bool FleetState::applyDetails(Router &router, const ncm::Alert &alert, bool overwrite)
{
    const ncm::RouterDetails &details = alert.routerDetails;
    bool changed = false;
    const auto set = [overwrite, &changed](QString &target, const QString &value) {
        if (!value.isEmpty() && target != value && (overwrite || target.isEmpty())) {
            target = value;
            changed = true;
        }
    };
    set(router.name, details.name);
    set(router.description, details.description);
    set(router.serialNumber, details.serialNumber);
    set(router.mac, details.mac);
    set(router.assetId, details.assetId);
    set(router.accountId, alert.accountId);
    return changed;
}

// An alert of warning or worse stays open until a type that clears it arrives (catalogue
// "clears"), or its own type reports the router back online.
void FleetState::applyOpenAlerts(Router &router, const store::Event &event, OnlineState effect)
{
    const ncm::AlertTypeInfo info = m_catalogue.lookup(event.alert.type);
    for (const QString &cleared : info.clears)
        router.openAlerts.remove(cleared);
    if (effect == OnlineState::Online) {
        router.openAlerts.remove(event.alert.type);
        return;
    }
    if (event.severity >= store::Severity::Warning)
        router.openAlerts.insert(event.alert.type, event.severity);
}

void FleetState::upsertRouter(const RouterInfo &info)
{
    upsertRouters({info});
}

void FleetState::upsertRouters(const QList<RouterInfo> &infos)
{
    Batch batch;
    for (const RouterInfo &info : infos) {
        if (info.id.isEmpty())
            continue;
        const int row = ensureRouter(info.id, batch);
        Router &router = m_routers[row];
        assignIfSet(router.name, info.name);
        assignIfSet(router.description, info.description);
        assignIfSet(router.serialNumber, info.serialNumber);
        assignIfSet(router.mac, info.mac);
        assignIfSet(router.assetId, info.assetId);
        assignIfSet(router.productName, info.productName);
        assignIfSet(router.groupId, info.groupId);
        assignIfSet(router.groupName, info.groupName);
        assignIfSet(router.accountId, info.accountId);
        assignIfSet(router.ipv4Address, info.ipv4Address);
        const bool newer = !router.stateChangedAt.isValid() || !info.stateUpdatedAt.isValid()
                           || info.stateUpdatedAt >= router.stateChangedAt;
        if (info.state && newer) {
            router.state = *info.state;
            if (info.stateUpdatedAt.isValid())
                router.stateChangedAt = info.stateUpdatedAt;
        }
        touch(row, batch);
    }
    publish(batch);
}

void FleetState::setPosition(const QString &id, const QGeoCoordinate &position, const QDateTime &at,
                             double accuracyM)
{
    if (id.isEmpty() || !position.isValid())
        return;
    Batch batch;
    const int row = ensureRouter(id, batch);
    Router &router = m_routers[row];
    if (router.positionAt.isValid() && at.isValid() && at < router.positionAt)
        return; // an older fix than the one shown
    router.position = position;
    router.positionAt = at;
    router.positionAccuracyM = accuracyM;
    touch(row, batch);
    publish(batch);
}

void FleetState::setSignal(const QString &id, int percent)
{
    if (id.isEmpty())
        return;
    Batch batch;
    const int row = ensureRouter(id, batch);
    m_routers[row].signalPercent = percent < 0 ? -1 : std::min(percent, 100);
    touch(row, batch);
    publish(batch);
}

void FleetState::setRadio(const QString &id, double rsrp, double sinr, const QString &carrier, const QString &band)
{
    RadioInfo radio;
    if (!qIsNaN(rsrp))
        radio.rsrp = rsrp;
    if (!qIsNaN(sinr))
        radio.sinr = sinr;
    radio.carrier = carrier;
    radio.band = band;
    setRadio(id, radio);
}

void FleetState::setBattery(const QString &id, int percent)
{
    if (id.isEmpty())
        return;
    Batch batch;
    const int row = ensureRouter(id, batch);
    m_routers[row].batteryPercent = percent < 0 ? -1 : std::min(percent, 100);
    touch(row, batch);
    publish(batch);
}

void FleetState::setRadio(const QString &id, const RadioInfo &radio)
{
    if (id.isEmpty())
        return;
    Batch batch;
    const int row = ensureRouter(id, batch);
    Router &router = m_routers[row];
    if (!radio.modemId.isEmpty())
        router.modemId = radio.modemId;
    if (radio.rsrp)
        router.rsrp = *radio.rsrp;
    if (radio.rsrq)
        router.rsrq = *radio.rsrq;
    if (radio.sinr)
        router.sinr = *radio.sinr;
    if (radio.signalPercent)
        router.signalPercent = std::clamp(*radio.signalPercent, 0, 100);
    if (!radio.carrier.isEmpty())
        router.carrier = radio.carrier;
    if (!radio.band.isEmpty())
        router.band = radio.band;
    touch(row, batch);
    publish(batch);
}

void FleetState::setAcknowledged(const QString &id, bool acknowledged)
{
    const int row = rowOf(id);
    if (row < 0 || m_routers.at(row).acknowledged == acknowledged)
        return;
    m_routers[row].acknowledged = acknowledged;
    Batch batch;
    touch(row, batch);
    publish(batch);
}

void FleetState::rebuildFrom(store::SqliteEventStore *store, int pageSize)
{
    m_rebuildStore = store;
    m_pageSize = qBound(1, pageSize, store::EventQuery::MaxLimit);
    m_rebuiltEvents = 0;
    requestPage(0);
}

void FleetState::requestPage(qint64 afterSeq)
{
    if (!m_rebuildStore) {
        Q_EMIT rebuilt(m_rebuiltEvents, u"The event store went away during the rebuild."_s);
        return;
    }
    store::EventQuery query;
    query.afterSeq = afterSeq;
    query.ascending = true;
    query.limit = m_pageSize;
    m_rebuildStore->query(query, this, [this](const store::QueryResult &result) {
        if (!result.ok()) {
            qCWarning(lcFleet).noquote() << "Rebuilding the fleet from the store failed:" << result.error;
            m_rebuildStore = nullptr;
            Q_EMIT rebuilt(m_rebuiltEvents, result.error);
            return;
        }
        applyEvents(result.events);
        m_rebuiltEvents += result.events.size();
        if (result.events.size() < m_pageSize) {
            m_rebuildStore = nullptr;
            Q_EMIT rebuilt(m_rebuiltEvents, QString());
            return;
        }
        requestPage(result.events.constLast().seq);
    });
}

} // namespace fw::fleet
