#pragma once

#include "api/syncsink.h"

#include <QHash>

namespace fw::fleet {
class FleetState;
}

namespace fw::api {

// Delivers the API sync into FleetState. Accounts and groups are kept here for the rule
// scope pickers; modems are kept to map signal samples to their router.
class FleetStateSink final : public SyncSink
{
public:
    explicit FleetStateSink(fleet::FleetState *state);

    void applyAccounts(const QList<AccountInfo> &accounts) override;
    void applyGroups(const QList<GroupInfo> &groups) override;
    void applyRouters(const QList<RouterInfo> &routers) override;
    void applyLocations(const QList<Location> &locations) override;
    void applyModems(const QList<ModemInfo> &modems) override;
    void applySignals(const QList<SignalSample> &samples) override;
    // TODO: FleetState has no cellular health field yet; the scores are dropped here.
    void applyHealth(const QList<CellularHealth> &health) override;
    void applyBatteries(const QList<BatteryInfo> &batteries) override;
    void applyRouterStates(const QList<RouterStateChange> &changes) override;

    const QList<AccountInfo> &accounts() const { return m_accounts; }
    const QList<GroupInfo> &groups() const { return m_groups; }
    // id -> name, for pickers and summaries.
    QHash<QString, QString> accountNames() const;
    QHash<QString, QString> groupNames() const;

private:
    fleet::FleetState *m_state;
    QList<AccountInfo> m_accounts;
    QList<GroupInfo> m_groups;
    QHash<QString, QString> m_modemRouter; // modem id -> router id
};

} // namespace fw::api
