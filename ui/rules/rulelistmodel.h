#pragma once

#include "rules/alertrule.h"
#include "rules/rulesummary.h"

#include <QAbstractTableModel>

namespace fw::ncm {
class Catalogue;
}

namespace fw::ui {

// The alert rules loaded from NCM, one row each, with a readable summary.
class RuleListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleListModel)

public:
    enum Column { Summary, Types, Scope, Destinations, Updated, ColumnCount };
    enum Role { RuleIdRole = Qt::UserRole + 1 };

    RuleListModel(const ncm::Catalogue &catalogue, QObject *parent = nullptr);

    void setRules(const QList<rules::AlertRule> &rules);
    void setNames(const rules::NameBook &names);
    const QList<rules::AlertRule> &rules() const { return m_rules; }
    const rules::AlertRule *ruleAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString cell(const rules::AlertRule &rule, int column) const;

    const ncm::Catalogue &m_catalogue;
    rules::NameBook m_names;
    QList<rules::AlertRule> m_rules;
};

} // namespace fw::ui
