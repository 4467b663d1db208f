#include "tiles/tilefilterproxy.h"

#include "fleet/router.h"

#include <QDateTime>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

TileFilterProxy::TileFilterProxy(const TileRoles &roles, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_roles(roles)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    sort(0, Qt::AscendingOrder);
}

void TileFilterProxy::setState(int state)
{
    m_state = state;
    invalidateRowsFilter();
}

void TileFilterProxy::setGroup(const QString &group)
{
    m_group = group;
    invalidateRowsFilter();
}

void TileFilterProxy::setCategory(const QString &category)
{
    m_category = category;
    invalidateRowsFilter();
}

void TileFilterProxy::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateRowsFilter();
}

void TileFilterProxy::sortBy(SortKey key, Qt::SortOrder order)
{
    m_sortKey = key;
    invalidate();
    sort(0, order);
}

QVariant TileFilterProxy::value(const QModelIndex &index, int role) const
{
    return role < 0 ? QVariant() : index.data(role);
}

bool TileFilterProxy::contains(const QModelIndex &index, int role) const
{
    return role >= 0 && index.data(role).toString().contains(m_text, Qt::CaseInsensitive);
}

bool TileFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_state >= 0 && value(index, m_roles.state).toInt() != m_state)
        return false;
    if (!m_group.isEmpty() && value(index, m_roles.group).toString() != m_group)
        return false;
    if (!m_category.isEmpty() && value(index, m_roles.lastEventCategory).toString() != m_category)
        return false;
    return m_text.isEmpty() || contains(index, m_roles.name) || contains(index, m_roles.routerId)
           || contains(index, m_roles.carrier) || contains(index, m_roles.group);
}

// Worst first: offline, unknown, initialised, online.
int TileFilterProxy::stateRank(const QModelIndex &index) const
{
    switch (fleet::OnlineState(value(index, m_roles.state).toInt())) {
    case fleet::OnlineState::Offline: return 0;
    case fleet::OnlineState::Unknown: return 1;
    case fleet::OnlineState::Initialized: return 2;
    case fleet::OnlineState::Online: return 3;
    }
    return 1;
}

bool TileFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const auto number = [this](const QModelIndex &index, int role) {
        bool ok = false;
        const double v = value(index, role).toDouble(&ok);
        return ok ? v : -std::numeric_limits<double>::infinity(); // unknown sorts as the weakest
    };
    const auto text = [this](const QModelIndex &l, const QModelIndex &r, int role) {
        const int order = QString::compare(value(l, role).toString(), value(r, role).toString(), Qt::CaseInsensitive);
        if (order != 0)
            return order < 0;
        return QString::compare(value(l, m_roles.name).toString(), value(r, m_roles.name).toString(), Qt::CaseInsensitive) < 0;
    };
    switch (m_sortKey) {
    case SortKey::State:
        if (stateRank(left) != stateRank(right))
            return stateRank(left) < stateRank(right);
        return text(left, right, m_roles.name);
    case SortKey::Signal: return number(left, m_roles.rsrp) < number(right, m_roles.rsrp);
    case SortKey::Battery: return number(left, m_roles.battery) < number(right, m_roles.battery);
    case SortKey::LastEvent:
        return value(left, m_roles.lastEventAt).toDateTime() < value(right, m_roles.lastEventAt).toDateTime();
    case SortKey::Group: return text(left, right, m_roles.group);
    case SortKey::Carrier: return text(left, right, m_roles.carrier);
    case SortKey::Category: return text(left, right, m_roles.lastEventCategory);
    case SortKey::Name: break;
    }
    return text(left, right, m_roles.name);
}

} // namespace fw::ui
