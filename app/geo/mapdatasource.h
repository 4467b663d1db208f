#pragma once

#include "geo/mappoint.h"

#include <QHash>
#include <QObject>

namespace fw::geo {

// What the hover tooltip shows about a router.
struct RouterInfo
{
    QString name;          // empty: the map shows the id
    QString lastEvent;     // title of the latest event; empty when none
    QDateTime lastEventAt; // UTC; invalid when none
};

// The map's only view of the fleet. The map asks for a full snapshot after pointsReset() and
// applies pointsChanged()/pointsRemoved() as incremental updates; emit them in batches (one
// signal per refresh, not one per router) so a storm stays cheap.
class MapDataSource : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MapDataSource)

public:
    using QObject::QObject;
    ~MapDataSource() override = default;

    virtual QList<MapPoint> points() const = 0;
    virtual RouterInfo info(const QString &routerId) const = 0;

Q_SIGNALS:
    void pointsReset();
    void pointsChanged(const QList<fw::geo::MapPoint> &points);   // added, moved or new state
    void pointsRemoved(const QStringList &routerIds);
    void eventSeen(const QString &routerId);                      // the map pulses there
};

// A data source held in memory: used by tests, benchmarks and the demo, and usable as the
// adapter between the fleet model and the map (feed it from the model's signals).
class InMemoryMapDataSource final : public MapDataSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InMemoryMapDataSource)

public:
    using MapDataSource::MapDataSource;

    QList<MapPoint> points() const override { return m_points.values(); }
    RouterInfo info(const QString &routerId) const override { return m_info.value(routerId); }

    void setPoints(const QList<MapPoint> &points);          // emits pointsReset()
    void update(const QList<MapPoint> &points);             // emits pointsChanged()
    void remove(const QStringList &routerIds);              // emits pointsRemoved()
    void setInfo(const QString &routerId, const RouterInfo &info);
    void noteEvent(const QString &routerId, const QString &title, const QDateTime &at);

private:
    QHash<QString, MapPoint> m_points;
    QHash<QString, RouterInfo> m_info;
};

} // namespace fw::geo
