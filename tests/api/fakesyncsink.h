#pragma once

#include "api/syncsink.h"

namespace fw::test {

// Records what a sync delivered.
class FakeSyncSink final : public api::SyncSink
{
public:
    void applyAccounts(const QList<api::AccountInfo> &v) override { accounts += v; ++calls; }
    void applyGroups(const QList<api::GroupInfo> &v) override { groups += v; ++calls; }
    void applyRouters(const QList<api::RouterInfo> &v) override { routers += v; ++calls; }
    void applyLocations(const QList<api::Location> &v) override { locations += v; ++calls; }
    void applyModems(const QList<api::ModemInfo> &v) override { modems += v; ++calls; }
    void applySignals(const QList<api::SignalSample> &v) override { signalSamples += v; ++calls; }
    void applyHealth(const QList<api::CellularHealth> &v) override { health += v; ++calls; }
    void applyBatteries(const QList<api::BatteryInfo> &v) override { batteries += v; ++calls; }
    void applyRouterStates(const QList<api::RouterStateChange> &v) override { states += v; ++calls; }

    int calls = 0;
    QList<api::AccountInfo> accounts;
    QList<api::GroupInfo> groups;
    QList<api::RouterInfo> routers;
    QList<api::Location> locations;
    QList<api::ModemInfo> modems;
    QList<api::SignalSample> signalSamples;
    QList<api::CellularHealth> health;
    QList<api::BatteryInfo> batteries;
    QList<api::RouterStateChange> states;
};

} // namespace fw::test
