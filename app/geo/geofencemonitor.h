#pragma once

#include "geo/geofence.h"
#include "geo/mappoint.h"

#include <QDateTime>
#include <QHash>
#include <QPointer>
#include <QSet>

namespace fw::geo {

// A router crossing a fence, seen locally. The lead turns it into a store event with
// Source::Local.
struct GeofenceCrossing
{
    enum class Direction { Enter, Exit };

    QUuid fenceId;
    QString fenceName;
    QString routerId;
    Direction direction = Direction::Enter;
    QGeoCoordinate position;   // where the router was seen after crossing
    QDateTime at;              // UTC

    friend bool operator==(const GeofenceCrossing &, const GeofenceCrossing &) = default;
};

// Follows router positions against the fences of a GeofenceSet and reports crossings. A
// router's first known position, and any fence drawn or edited, only set the membership: a
// crossing is a router moving, never an operator drawing.
class GeofenceMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GeofenceMonitor)

public:
    explicit GeofenceMonitor(GeofenceSet *fences, QObject *parent = nullptr);

    void updateRouter(const MapPoint &point, const QDateTime &at = QDateTime::currentDateTimeUtc());
    void removeRouter(const QString &routerId);
    void clearRouters();

    QStringList routersInside(const QUuid &fenceId) const;   // sorted
    QList<QUuid> fencesContaining(const QString &routerId) const;

Q_SIGNALS:
    void crossed(const fw::geo::GeofenceCrossing &crossing);
    void membershipChanged(const QUuid &fenceId);

private:
    QList<Geofence> fenceList() const;
    void recomputeFence(const QUuid &fenceId);
    void recomputeAll();
    void forgetFence(const QUuid &fenceId);

    QPointer<GeofenceSet> m_fences;
    QHash<QString, QGeoCoordinate> m_positions;
    QHash<QUuid, QSet<QString>> m_inside;
};

} // namespace fw::geo

Q_DECLARE_METATYPE(fw::geo::GeofenceCrossing)
