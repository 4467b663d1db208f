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

QHash<QString, QString> FleetStateSink::accountNames() const
{
    QHash<QString, QString> names;
    for (const AccountInfo &account : m_accounts)
        names.insert(account.id, account.name);
    return names;
}

QHash<QString, QString> FleetStateSink::groupNames() const
{
    QHash<QString, QString> names;
    for (const GroupInfo &group : m_groups)
        names.insert(group.id, group.name);
    return names;
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
        info.ipv4Address = router.ipv4Address;
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
        if (location.routerId.isEmpty() || !position.isValid())
            continue; // never place a router where we cannot trust the position
        m_state->setPosition(location.routerId, position, location.updatedAt,
                             location.accuracyMeters.value_or(qQNaN()));
    }
}

void FleetStateSink::applyModems(const QList<ModemInfo> &modems)
{
    for (const ModemInfo &modem : modems) {
        if (modem.routerId.isEmpty())
            continue;
        m_modemRouter.insert(modem.id, modem.routerId);
        fleet::RadioInfo radio;
        radio.modemId = modem.id;
        radio.carrier = modem.carrier;
        radio.band = modem.rfBand;
        m_state->setRadio(modem.routerId, radio);
    }
}

void FleetStateSink::applySignals(const QList<SignalSample> &samples)
{
    // A router with several modems shows the one with the best signal.
    QHash<QString, SignalSample> best;
    for (const SignalSample &sample : samples) {
        const QString routerId = m_modemRouter.value(sample.modemId);
        if (routerId.isEmpty())
            continue;
        const auto it = best.constFind(routerId);
        if (it == best.cend() || sample.signalPercent.value_or(-1) > it->signalPercent.value_or(-1))
            best.insert(routerId, sample);
    }
    for (auto it = best.cbegin(); it != best.cend(); ++it) {
        fleet::RadioInfo radio;
        radio.modemId = it->modemId;
        radio.rsrp = it->rsrp;
        radio.rsrq = it->rsrq;
        radio.sinr = it->sinr;
        if (it->signalPercent)
            radio.signalPercent = std::clamp(*it->signalPercent, 0, 100);
        m_state->setRadio(it.key(), radio);
    }
}

void FleetStateSink::applyHealth(const QList<CellularHealth> &)
{
    // TODO: the cellular health score is fetched but not shown yet; the tiles show RSRP/SINR.
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
