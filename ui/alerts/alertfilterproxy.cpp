#include "alerts/alertfilterproxy.h"

#include "alerts/acknowledgement.h"
#include "alerts/alertmodel.h"

namespace fw::ui {

AlertFilterProxy::AlertFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(AlertModel::SortRole);
    setDynamicSortFilter(true);
    sort(AlertModel::TimeColumn, Qt::DescendingOrder);
}

template<typename T>
void AlertFilterProxy::change(T &member, const T &value)
{
    if (member == value)
        return;
    member = value;
    invalidateRowsFilter();
}

void AlertFilterProxy::setMinimumSeverity(store::Severity severity) { change(m_minimumSeverity, severity); }
void AlertFilterProxy::setCategory(const QString &category) { change(m_category, category); }
void AlertFilterProxy::setType(const QString &type) { change(m_type, type); }
void AlertFilterProxy::setRouter(const QString &text) { change(m_router, text.trimmed()); }
void AlertFilterProxy::setRouterId(const QString &id) { change(m_routerId, id); }
void AlertFilterProxy::setText(const QString &text) { change(m_text, text.trimmed()); }
void AlertFilterProxy::setHideAcknowledged(bool hide) { change(m_hideAcknowledged, hide); }

void AlertFilterProxy::setTimeRange(const QDateTime &from, const QDateTime &to)
{
    m_from = from;
    m_to = to;
    invalidateRowsFilter();
}

bool AlertFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (index.data(AlertModel::SeverityRole).toInt() < int(m_minimumSeverity))
        return false;
    if (!m_category.isEmpty() && index.data(AlertModel::CategoryRole).toString() != m_category)
        return false;
    if (!m_type.isEmpty() && index.data(AlertModel::TypeRole).toString() != m_type)
        return false;
    if (!m_routerId.isEmpty() && index.data(AlertModel::RouterIdRole).toString() != m_routerId)
        return false;
    if (m_hideAcknowledged && index.data(AlertModel::AckStateRole).toInt() != int(alerts::AckState::Unacknowledged))
        return false;

    if (m_from.isValid() || m_to.isValid()) {
        const QDateTime at = index.data(AlertModel::DetectedAtRole).toDateTime();
        if ((m_from.isValid() && at < m_from) || (m_to.isValid() && at > m_to))
            return false;
    }
    if (!m_router.isEmpty() && !index.data(AlertModel::RouterIdRole).toString().contains(m_router, Qt::CaseInsensitive)
        && !index.data(AlertModel::RouterNameRole).toString().contains(m_router, Qt::CaseInsensitive))
        return false;
    return m_text.isEmpty() || index.data(AlertModel::SearchTextRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace fw::ui
