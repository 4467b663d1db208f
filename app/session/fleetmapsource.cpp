#include "session/fleetmapsource.h"

#include "fleet/fleetstate.h"
#include "fleet/router.h"

namespace fw::session {

FleetMapSource::FleetMapSource(fleet::FleetState *state, QObject *parent)
    : MapDataSource(parent)
    , m_state(state)
{
    connect(m_state, &fleet::FleetState::routersAdded, this, &FleetMapSource::onAdded);
    connect(m_state, &fleet::FleetState::routersChanged, this, &FleetMapSource::onChanged);
    connect(m_state, &fleet::FleetState::rebuilt, this, [this] { Q_EMIT pointsReset(); });
}

geo::RouterState FleetMapSource::mapState(const fleet::Router &router)
{
    switch (router.state) {
    case fleet::OnlineState::Offline:
        return geo::RouterState::Offline;
    case fleet::OnlineState::Online: {
        const std::optional<store::Severity> worst = router.worstOpen();
        return worst == store::Severity::Critical ? geo::RouterState::Alarmed : geo::RouterState::Online;
    }
    case fleet::OnlineState::Initialized:
    case fleet::OnlineState::Unknown:
        break;
    }
    return geo::RouterState::Unknown;
}

geo::MapPoint FleetMapSource::pointAt(int row) const
{
    const fleet::Router &router = m_state->at(row);
    return {router.id, router.position, mapState(router)};
}

QList<geo::MapPoint> FleetMapSource::points() const
{
    QList<geo::MapPoint> result;
    result.reserve(m_state->count());
    for (int row = 0; row < m_state->count(); ++row)
        result.append(pointAt(row));
    return result;
}

geo::RouterInfo FleetMapSource::info(const QString &routerId) const
{
    const fleet::Router *router = m_state->router(routerId);
    if (!router)
        return {};
    return {router->name, router->lastEventTitle, router->lastEventAt};
}

void FleetMapSource::onAdded(int first, int last)
{
    QList<geo::MapPoint> added;
    added.reserve(last - first + 1);
    for (int row = first; row <= last; ++row) {
        added.append(pointAt(row));
        m_lastSeq.insert(m_state->at(row).id, m_state->at(row).lastEventSeq);
    }
    Q_EMIT pointsChanged(added);
}

void FleetMapSource::onChanged(const QList<int> &rows)
{
    QList<geo::MapPoint> changed;
    changed.reserve(rows.size());
    for (int row : rows) {
        const fleet::Router &router = m_state->at(row);
        changed.append(pointAt(row));
        qint64 &seen = m_lastSeq[router.id];
        if (router.lastEventSeq > seen) {
            seen = router.lastEventSeq;
            Q_EMIT eventSeen(router.id);
        }
    }
    Q_EMIT pointsChanged(changed);
}

} // namespace fw::session
