#pragma once

#include "rules/ruleservice.h"
#include "rules/rulesummary.h"

#include <QDialog>

class QTreeWidget;

namespace fw::ui {

// Shows what a write will change against the version currently in NCM, and what someone
// else changed since the rule was loaded, before the operator confirms.
class RuleDiffDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleDiffDialog)

public:
    RuleDiffDialog(const rules::SavePlan &plan, const rules::NameBook &names, QWidget *parent = nullptr);

    QTreeWidget *changes() const { return m_changes; }

private:
    QWidget *conflictBanner(const rules::SavePlan &plan, const rules::NameBook &names);
    void fill(const rules::RuleDiff &diff, const rules::NameBook &names);

    QTreeWidget *m_changes;
};

} // namespace fw::ui
