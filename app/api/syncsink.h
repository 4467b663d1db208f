#pragma once

#include "api/fleetrecords.h"

namespace fw::api {

// Where the API sync delivers what it learnt. FleetState implements it; tests fake it.
// Each call carries one complete answer of NCM; a failed sync delivers nothing.
class SyncSink
{
public:
    virtual ~SyncSink() = default;

    virtual void applyAccounts(const QList<AccountInfo> &accounts) = 0;
    virtual void applyGroups(const QList<GroupInfo> &groups) = 0;
    virtual void applyRouters(const QList<RouterInfo> &routers) = 0;
    virtual void applyLocations(const QList<Location> &locations) = 0;
    virtual void applyModems(const QList<ModemInfo> &modems) = 0;
    virtual void applySignals(const QList<SignalSample> &samples) = 0;
    virtual void applyHealth(const QList<CellularHealth> &health) = 0;
    virtual void applyBatteries(const QList<BatteryInfo> &batteries) = 0;
    // Reconciliation: routers whose state changed since the last look.
    virtual void applyRouterStates(const QList<RouterStateChange> &changes) = 0;
};

} // namespace fw::api
