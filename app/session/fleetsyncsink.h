#pragma once

#include "api/syncsink.h"

#include <QHash>
#include <QString>

namespace fw::fleet {
class FleetState;
}

namespace fw::session {

// Feeds what the API sync learns into the fleet state: identity and state from routers/,
// positions from locations/, carrier and band from net_devices/, signal from
// net_device_metrics/, charge from batteries/. Group and account names are kept for the
// scope pickers of the rule editor.
class FleetSyncSink final : public api::SyncSink
{
public:
    explicit FleetSyncSink(fleet::FleetState *state);

    void applyAccounts(const QList<api::AccountInfo> &accounts) override;
    void applyGroups(const QList<api::GroupInfo> &groups) override;
    void applyRouters(const QList<api::RouterInfo> &routers) override;
    void applyLocations(const QList<api::Location> &locations) override;
    void applyModems(const QList<api::ModemInfo> &modems) override;
    void applySignals(const QList<api::SignalSample> &samples) override;
    void applyHealth(const QList<api::CellularHealth> &health) override;
    void applyBatteries(const QList<api::BatteryInfo> &batteries) override;
    void applyRouterStates(const QList<api::RouterStateChange> &changes) override;

    const QHash<QString, QString> &groupNames() const { return m_groupNames; }
    const QHash<QString, QString> &accountNames() const { return m_accountNames; }
    // The router a modem belongs to, empty when unknown.
    QString routerOfModem(const QString &modemId) const { return m_modemRouter.value(modemId); }

private:
    fleet::FleetState *m_state;
    QHash<QString, QString> m_groupNames;
    QHash<QString, QString> m_accountNames;
    QHash<QString, QString> m_modemRouter;
};

} // namespace fw::session
