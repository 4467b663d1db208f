#include "api/fleetstatesink.h"

#include "fleet/fleetstate.h"

#include <QGeoCoordinate>

#include <algorithm>

namespace fw::api {

FleetStateSink::FleetStateSink(fleet::FleetState *state)
    : m_state(state)
{
}

void FleetStateSink::applyAccounts(const QList<AccountInfo> &accounts)
{
    m_accounts = accounts;
}

void FleetStateSink::applyGroups(const QList<GroupInfo> &groups)
{
    m_groups = groups;
}

void FleetStateSink::applyRouters(const QList<RouterInfo> &routers)
{
    QList<fleet::RouterInfo> infos;
    infos.reserve(routers.size());
    for (const RouterInfo &router : routers) {
        fleet::RouterInfo info;
        info.id = router.id;
        info.name = router.name;
        info.description = router.description;
        info.serialNumber = router.serialNumber;
        info.mac = router.mac;
        info.assetId = router.assetId;
        info.productName = router.productName;
        info.groupId = router.groupId;
        info.groupName = router.groupName;
        info.accountId = router.accountId;
        if (!router.state.isEmpty())
            info.state = fleet::onlineStateFromName(router.state);
        info.stateUpdatedAt = router.stateUpdatedAt;
        infos.append(info);
    }
    m_state->upsertRouters(infos);
}

void FleetStateSink::applyLocations(const QList<Location> &locations)
{
    for (const Location &location : locations) {
        const QGeoCoordinate position(location.latitude, location.longitude);
        m_state->setPosition(location.routerId, position, location.updatedAt,
                             location.accuracyMeters.value_or(qQNaN()));
    }
}

void FleetStateSink::applyModems(const QList<ModemInfo> &modems)
{
    for (const ModemInfo &modem : modems) {
        if (!modem.routerId.isEmpty())
            m_modemRouter.insert(modem.id, modem.routerId);
    }
}

void FleetStateSink::applySignals(const QList<SignalSample> &samples)
{
    // A router with several modems shows its best signal.
    QHash<QString, int> best;
    for (const SignalSample &sample : samples) {
        const QString routerId = m_modemRouter.value(sample.modemId);
        if (routerId.isEmpty() || !sample.signalPercent)
            continue;
        const int percent = std::clamp(*sample.signalPercent, 0, 100);
        best[routerId] = std::max(best.value(routerId, -1), percent);
    }
    for (auto it = best.cbegin(); it != best.cend(); ++it)
        m_state->setSignal(it.key(), it.value());
}

void FleetStateSink::applyHealth(const QList<CellularHealth> &)
{
}

void FleetStateSink::applyBatteries(const QList<BatteryInfo> &batteries)
{
    for (const BatteryInfo &battery : batteries) {
        if (battery.chargePercent)
            m_state->setBattery(battery.routerId, std::clamp(int(*battery.chargePercent), 0, 100));
    }
}

void FleetStateSink::applyRouterStates(const QList<RouterStateChange> &changes)
{
    QList<fleet::RouterInfo> infos;
    infos.reserve(changes.size());
    for (const RouterStateChange &change : changes) {
        fleet::RouterInfo info;
        info.id = change.routerId;
        info.state = fleet::onlineStateFromName(change.state);
        info.stateUpdatedAt = change.at;
        infos.append(info);
    }
    m_state->upsertRouters(infos);
}

} // namespace fw::api
