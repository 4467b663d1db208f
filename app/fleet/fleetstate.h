#pragma once

#include "fleet/router.h"
#include "store/event.h"
#include "store/sqliteeventstore.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace fw::ncm {
class Catalogue;
}

namespace fw::fleet {

// Every router the dashboard knows, derived from committed events and from the API sync.
// Lives on the GUI thread; connect EventStore::eventsCommitted to applyEvents(). Routers are
// kept in arrival order (a row never moves) with an id -> row hash: no linear scans.
// TODO: a router deleted in NCM stays until restart; removal needs the API sync's full list.
class FleetState final : public QObject
{
    Q_OBJECT

public:
    explicit FleetState(QObject *parent = nullptr);
    FleetState(const ncm::Catalogue &catalogue, QObject *parent);
    ~FleetState() override;
    Q_DISABLE_COPY_MOVE(FleetState)

    int count() const { return int(m_routers.size()); }
    const Router &at(int row) const { return m_routers.at(row); }
    int rowOf(const QString &id) const { return m_rows.value(id, -1); }
    const Router *router(const QString &id) const;

    // Inputs. Each call emits at most one routersAdded() and one routersChanged().
    void applyEvents(const QList<fw::store::Event> &events);
    void upsertRouter(const RouterInfo &info);
    void upsertRouters(const QList<RouterInfo> &infos);
    void setPosition(const QString &id, const QGeoCoordinate &position, const QDateTime &at,
                     double accuracyM = qQNaN());
    void setSignal(const QString &id, int percent);
    void setBattery(const QString &id, int percent);
    void setRadio(const QString &id, const RadioInfo &radio);
    // The active modem's radio (net_device_metrics/, net_devices/): NaN or empty for unknown.
    void setRadio(const QString &id, double rsrp, double sinr, const QString &carrier, const QString &band);
    void setAcknowledged(const QString &id, bool acknowledged);

    // Replays the stored events in pages of pageSize, oldest first, without loading them all;
    // TODO: each page parses every alert's JSON; a rebuild over 1M events takes seconds.
    // rebuilt() follows the last page. Live events may be applied meanwhile: applying an event
    // twice changes nothing.
    void rebuildFrom(store::SqliteEventStore *store, int pageSize = 2'000);
    bool isRebuilding() const { return m_rebuildStore != nullptr; }

Q_SIGNALS:
    void routersAdded(int first, int last);
    void routersChanged(const QList<int> &rows); // ascending, distinct
    void rebuilt(qint64 events, const QString &error);

private:
    struct Batch;
    int ensureRouter(const QString &id, Batch &batch);
    bool applyEvent(const store::Event &event);
    bool applyDetails(Router &router, const ncm::Alert &alert, bool overwrite);
    void applyOpenAlerts(Router &router, const store::Event &event, OnlineState effect);
    void touch(int row, Batch &batch);
    void publish(Batch &batch);
    void requestPage(qint64 afterSeq);

    const ncm::Catalogue &m_catalogue;
    QList<Router> m_routers;
    QHash<QString, int> m_rows;
    QPointer<store::SqliteEventStore> m_rebuildStore;
    int m_pageSize = 2'000;
    qint64 m_rebuiltEvents = 0;
};

} // namespace fw::fleet
