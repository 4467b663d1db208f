#include "rules/rulelistmodel.h"

#include "ncm/catalogue.h"

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

RuleListModel::RuleListModel(const ncm::Catalogue &catalogue, QObject *parent)
    : QAbstractTableModel(parent)
    , m_catalogue(catalogue)
{
}

void RuleListModel::setRules(const QList<rules::AlertRule> &rules)
{
    beginResetModel();
    m_rules = rules;
    endResetModel();
}

void RuleListModel::setNames(const rules::NameBook &names)
{
    m_names = names;
    if (!m_rules.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

const rules::AlertRule *RuleListModel::ruleAt(int row) const
{
    return row >= 0 && row < m_rules.size() ? &m_rules.at(row) : nullptr;
}

int RuleListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rules.size());
}

int RuleListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RuleListModel::cell(const rules::AlertRule &rule, int column) const
{
    switch (column) {
    case Summary: return rules::summarizeRule(rule, m_catalogue, m_names);
    case Types: return QString::number(rule.types.size());
    case Scope: return QString::number(rule.associatedGroups.size() + rule.associatedAccounts.size());
    case Destinations: return QString::number(rule.httpDestinations.size() + rule.emailDestinations.size());
    case Updated: return rule.updatedAt.left(19).replace(u'T', u' ');
    default: return {};
    }
}

QVariant RuleListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const rules::AlertRule &rule = m_rules.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return cell(rule, index.column());
    case Qt::ToolTipRole:
        return QString(rules::summarizeRule(rule, m_catalogue, m_names) + u"\n"_s + rule.types.join(u", "_s));
    case RuleIdRole: return rule.id;
    default: return {};
    }
}

QVariant RuleListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Summary: return tr("Rule");
    case Types: return tr("Types");
    case Scope: return tr("Scope");
    case Destinations: return tr("Destinations");
    case Updated: return tr("Updated in NCM");
    default: return {};
    }
}

} // namespace fw::ui
