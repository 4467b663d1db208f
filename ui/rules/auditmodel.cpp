#include "rules/auditmodel.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

void AuditModel::setEntries(const QList<rules::AuditEntry> &entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

const rules::AuditEntry *AuditModel::entryAt(int row) const
{
    return row >= 0 && row < m_entries.size() ? &m_entries.at(row) : nullptr;
}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const rules::AuditEntry &e = m_entries.at(index.row());
    if (role == Qt::ToolTipRole) {
        return u"Before: %1\nAfter: %2"_s.arg(QString::fromUtf8(QJsonDocument(e.before).toJson(QJsonDocument::Compact)),
                                            QString::fromUtf8(QJsonDocument(e.after).toJson(QJsonDocument::Compact)));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case When: return e.at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
    case Who: return e.who;
    case Action: return e.action;
    case Endpoint: return QString(e.method + u' ' + e.endpoint);
    case Status: return e.status == 0 ? u"–"_s : QString::number(e.status);
    case Outcome: return e.outcome;
    case Message: return e.message;
    default: return {};
    }
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case When: return tr("When");
    case Who: return tr("Who");
    case Action: return tr("Action");
    case Endpoint: return tr("Request");
    case Status: return tr("HTTP");
    case Outcome: return tr("Outcome");
    case Message: return tr("Message");
    default: return {};
    }
}

} // namespace fw::ui
