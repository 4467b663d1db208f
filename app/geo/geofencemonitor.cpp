#include "geo/geofencemonitor.h"

#include <algorithm>

namespace fw::geo {

GeofenceMonitor::GeofenceMonitor(GeofenceSet *fences, QObject *parent)
    : QObject(parent)
    , m_fences(fences)
{
    qRegisterMetaType<GeofenceCrossing>();
    connect(fences, &GeofenceSet::fenceAdded, this, &GeofenceMonitor::recomputeFence);
    connect(fences, &GeofenceSet::fenceChanged, this, &GeofenceMonitor::recomputeFence);
    connect(fences, &GeofenceSet::fenceRemoved, this, &GeofenceMonitor::forgetFence);
    connect(fences, &GeofenceSet::reset, this, &GeofenceMonitor::recomputeAll);
    recomputeAll();
}

QList<Geofence> GeofenceMonitor::fenceList() const
{
    const GeofenceSet *set = m_fences.data();
    return set ? set->fences() : QList<Geofence>{};
}

void GeofenceMonitor::updateRouter(const MapPoint &point, const QDateTime &at)
{
    if (!point.hasPosition()) {
        removeRouter(point.routerId);   // unknown position: neither inside nor outside
        return;
    }
    const bool known = m_positions.contains(point.routerId);
    m_positions.insert(point.routerId, point.position);
    if (!m_fences)
        return;

    const QList<Geofence> fences = fenceList();
    for (const Geofence &f : fences) {
        QSet<QString> &inside = m_inside[f.id];
        const bool was = inside.contains(point.routerId);
        const bool is = f.bounds().contains(point.position) && f.contains(point.position);
        if (was == is)
            continue;
        if (is)
            inside.insert(point.routerId);
        else
            inside.remove(point.routerId);
        Q_EMIT membershipChanged(f.id);
        if (known) {
            using D = GeofenceCrossing::Direction;
            Q_EMIT crossed({f.id, f.name, point.routerId, is ? D::Enter : D::Exit, point.position, at});
        }
    }
}

void GeofenceMonitor::removeRouter(const QString &routerId)
{
    m_positions.remove(routerId);
    for (auto it = m_inside.begin(); it != m_inside.end(); ++it) {
        if (it->remove(routerId))
            Q_EMIT membershipChanged(it.key());
    }
}

void GeofenceMonitor::clearRouters()
{
    m_positions.clear();
    recomputeAll();
}

QStringList GeofenceMonitor::routersInside(const QUuid &fenceId) const
{
    const QSet<QString> inside = m_inside.value(fenceId);
    QStringList ids(inside.begin(), inside.end());
    std::sort(ids.begin(), ids.end());
    return ids;
}

QList<QUuid> GeofenceMonitor::fencesContaining(const QString &routerId) const
{
    QList<QUuid> ids;
    for (auto it = m_inside.cbegin(); it != m_inside.cend(); ++it) {
        if (it->contains(routerId))
            ids.append(it.key());
    }
    return ids;
}

void GeofenceMonitor::recomputeFence(const QUuid &fenceId)
{
    const std::optional<Geofence> f = m_fences ? m_fences->fence(fenceId) : std::nullopt;
    if (!f)
        return forgetFence(fenceId);
    QSet<QString> inside;
    const QGeoRectangle bounds = f->bounds();
    for (auto it = m_positions.cbegin(); it != m_positions.cend(); ++it) {
        if (bounds.contains(it.value()) && f->contains(it.value()))
            inside.insert(it.key());
    }
    m_inside.insert(fenceId, inside);
    Q_EMIT membershipChanged(fenceId);
}

void GeofenceMonitor::recomputeAll()
{
    m_inside.clear();
    if (!m_fences)
        return;
    const QList<Geofence> fences = fenceList();
    for (const Geofence &f : fences)
        recomputeFence(f.id);
}

void GeofenceMonitor::forgetFence(const QUuid &fenceId)
{
    if (m_inside.remove(fenceId))
        Q_EMIT membershipChanged(fenceId);
}

} // namespace fw::geo
