#include "session/fleetsyncsink.h"

#include "api/fleetrecords.h"
#include "fleet/fleetstate.h"

#include <QGeoCoordinate>

namespace fw::session {

FleetSyncSink::FleetSyncSink(fleet::FleetState *state)
    : m_state(state)
{
}

void FleetSyncSink::applyAccounts(const QList<api::AccountInfo> &accounts)
{
    for (const api::AccountInfo &account : accounts)
        m_accountNames.insert(account.id, account.name);
}

void FleetSyncSink::applyGroups(const QList<api::GroupInfo> &groups)
{
    for (const api::GroupInfo &group : groups)
        m_groupNames.insert(group.id, group.name);
}

void FleetSyncSink::applyRouters(const QList<api::RouterInfo> &routers)
{
    QList<fleet::RouterInfo> infos;
    infos.reserve(routers.size());
    for (const api::RouterInfo &r : routers) {
        fleet::RouterInfo info;
        info.id = r.id;
        info.name = r.name;
        info.description = r.description;
        info.serialNumber = r.serialNumber;
        info.mac = r.mac;
        info.assetId = r.assetId;
        info.productName = r.productName;
        info.groupId = r.groupId;
        info.groupName = r.groupName.isEmpty() ? m_groupNames.value(r.groupId) : r.groupName;
        info.accountId = r.accountId;
        if (!r.state.isEmpty())
            info.state = fleet::onlineStateFromName(r.state);
        info.stateUpdatedAt = r.stateUpdatedAt;
        infos.append(info);
    }
    m_state->upsertRouters(infos);
    for (const api::RouterInfo &r : routers)
        m_state->setIpv4Address(r.id, r.ipv4Address);
}

void FleetSyncSink::applyLocations(const QList<api::Location> &locations)
{
    for (const api::Location &location : locations) {
        const QGeoCoordinate position(location.latitude, location.longitude);
        if (location.routerId.isEmpty() || !position.isValid())
            continue; // never place a router at a position we cannot trust
        m_state->setPosition(location.routerId, position, location.updatedAt,
                             location.accuracyMeters.value_or(qQNaN()));
    }
}

void FleetSyncSink::applyModems(const QList<api::ModemInfo> &modems)
{
    for (const api::ModemInfo &modem : modems) {
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

void FleetSyncSink::applySignals(const QList<api::SignalSample> &samples)
{
    for (const api::SignalSample &sample : samples) {
        const QString router = m_modemRouter.value(sample.modemId);
        if (router.isEmpty())
            continue;
        fleet::RadioInfo radio;
        radio.modemId = sample.modemId;
        radio.rsrp = sample.rsrp;
        radio.rsrq = sample.rsrq;
        radio.sinr = sample.sinr;
        radio.signalPercent = sample.signalPercent;
        m_state->setRadio(router, radio);
    }
}

void FleetSyncSink::applyHealth(const QList<api::CellularHealth> &)
{
    // TODO: the cellular health score is fetched but not shown yet; the tiles show RSRP/SINR.
}

void FleetSyncSink::applyBatteries(const QList<api::BatteryInfo> &batteries)
{
    for (const api::BatteryInfo &battery : batteries) {
        if (battery.chargePercent)
            m_state->setBattery(battery.routerId, int(std::lround(*battery.chargePercent)));
    }
}

void FleetSyncSink::applyRouterStates(const QList<api::RouterStateChange> &changes)
{
    QList<fleet::RouterInfo> infos;
    for (const api::RouterStateChange &change : changes) {
        fleet::RouterInfo info;
        info.id = change.routerId;
        info.state = fleet::onlineStateFromName(change.state);
        info.stateUpdatedAt = change.at;
        infos.append(info);
    }
    m_state->upsertRouters(infos);
}

} // namespace fw::session
