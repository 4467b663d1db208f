#pragma once

#include "api/fleetrecords.h"

#include <QObject>
#include <QStringList>
#include <QUrlQuery>

#include <functional>
#include <memory>

namespace fw::api {

class NcmClient;
class SyncSink;

struct SyncOptions
{
    bool locations = true;
    bool modems = true;
    bool signal = true;
    bool health = true;
    // net_devices filter: physical modems only (is_asset=true); LAN ports and virtual
    // interfaces are not what the signal tiles show.
    QUrlQuery modemQuery = QUrlQuery(QStringLiteral("is_asset=true"));
    // batteries/ needs one call per router: only routers whose full_product_name contains one
    // of these are asked, at most maxBatteryRouters per sync. Empty: none during the sync
    // (fetchBatteries() still answers on demand).
    QStringList batteryProducts;
    int maxBatteryRouters = 25;
};

// The initial sync (accounts, groups, routers, locations, modems, latest signal, cellular
// health, batteries where asked) and the cheap reconciliation of router states. Everything
// is read at limit=500 per page; a sync that fails anywhere delivers nothing to the sink.
class FleetSync final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetSync)

public:
    FleetSync(NcmClient *client, SyncSink *sink, const SyncOptions &options, QObject *parent = nullptr);
    ~FleetSync() override;

    bool isBusy() const { return m_busy; }

    // Full sync; ignored while one runs.
    void startFullSync();
    // routers/?state_updated_at__gt=<watermark>&fields=id,state,state_updated_at.
    // Needs a watermark from a full sync (or setStateWatermark()).
    void reconcile();
    // batteries/?router=<id> for these routers, one call each (on demand, e.g. a detail view).
    void fetchBatteries(const QStringList &routerIds);

    // The newest state_updated_at seen, exactly as NCM wrote it.
    QString stateWatermark() const { return m_watermark; }
    void setStateWatermark(const QString &watermark) { m_watermark = watermark; }

Q_SIGNALS:
    void progress(int done, int total, const QString &stage);
    void fullSyncFinished(const QString &error);
    void reconcileFinished(int changes, const QString &error);
    void batteriesFinished(const QString &error);

private:
    struct Staged;
    using Next = std::function<void(const QString &error)>;
    using Step = std::function<void(Next)>;

    QList<std::pair<QString, Step>> fullSyncSteps(const std::shared_ptr<Staged> &staged);
    void runSteps(const std::shared_ptr<Staged> &staged, QList<std::pair<QString, Step>> steps, int done, int total);
    void finishFullSync(const std::shared_ptr<Staged> &staged, const QString &error);
    void fetchBatteriesInto(const std::shared_ptr<QList<BatteryInfo>> &out, QStringList routerIds, Next next);
    QStringList batteryRouters(const QList<RouterInfo> &routers) const;
    void advanceWatermark(const QString &text, const QDateTime &at);

    NcmClient *m_client;
    SyncSink *m_sink;
    SyncOptions m_options;
    bool m_busy = false;
    bool m_reconciling = false;
    QString m_watermark;
    QDateTime m_watermarkTime;
};

} // namespace fw::api
