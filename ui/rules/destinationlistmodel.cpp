#include "rules/destinationlistmodel.h"

#include "common/theme.h"
#include "rules/destinationservice.h"

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

void DestinationListModel::setDestinations(const QList<api::DestinationInfo> &destinations)
{
    beginResetModel();
    m_destinations = destinations;
    endResetModel();
}

const api::DestinationInfo *DestinationListModel::destinationAt(int row) const
{
    return row >= 0 && row < m_destinations.size() ? &m_destinations.at(row) : nullptr;
}

void DestinationListModel::setNote(const QString &id, const QString &note)
{
    m_notes.insert(id, note);
    for (int row = 0; row < m_destinations.size(); ++row) {
        if (m_destinations.at(row).id == id)
            Q_EMIT dataChanged(index(row, State), index(row, State));
    }
}

int DestinationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_destinations.size());
}

int DestinationListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DestinationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const api::DestinationInfo &d = m_destinations.at(index.row());
    const rules::DestinationState state = rules::destinationState(d);
    if (role == DestinationIdRole)
        return d.id;
    if (role == Qt::ForegroundRole && index.column() == State) {
        const ThemeColors &colors = Theme::colors();
        return state == rules::DestinationState::Active ? colors.ok
               : state == rules::DestinationState::Failing ? colors.warning
               : state == rules::DestinationState::Suspended ? colors.critical : colors.mutedText;
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Name: return d.name;
    case Url: return d.url;
    case State: {
        const QString note = m_notes.value(d.id);
        return note.isEmpty() ? rules::stateName(state) : QString(rules::stateName(state) + u" · "_s + note);
    }
    case LastError:
        if (!d.lastErrorAt.isValid())
            return QString();
        return QString(d.lastErrorAt.toString(u"yyyy-MM-dd HH:mm"_s) + u"  "_s + d.lastErrorText);
    default: return {};
    }
}

QVariant DestinationListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Url: return tr("URL");
    case State: return tr("State");
    case LastError: return tr("Last error");
    default: return {};
    }
}

} // namespace fw::ui
