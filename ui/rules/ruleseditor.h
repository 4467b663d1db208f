#pragma once

#include "rules/ruleeditdialog.h"
#include "rules/ruleseditorcontext.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QTableView;
class QTabWidget;

namespace fw::ncm {
class Catalogue;
}

namespace fw::rules {
class AuditLog;
class DestinationService;
class RuleService;
struct DestinationOutcome;
}

namespace fw::api {
struct DestinationInfo;
}

namespace fw::ui {

class AuditModel;
class DestinationListModel;
class RuleListModel;

// The rule editor: NCM's alert rules, push destinations and the local audit log of every
// write, in three tabs. Every write goes through the services' safe path (validation, diff
// against NCM, confirmation, read-back, audit); nothing here talks to NCM directly.
class RulesEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RulesEditor)

public:
    // Yes/no questions (deletes); replaced in tests.
    using Ask = std::function<bool(const QString &title, const QString &text)>;
    // Name and URL of a new destination; false when cancelled. Replaced in tests.
    using AskDestination = std::function<bool(QString *name, QUrl *url)>;

    // The services and the audit log must outlive the editor. catalogue learns identifiers
    // found in NCM's rules and in context.learntTypes.
    RulesEditor(rules::RuleService *rules, rules::DestinationService *destinations, rules::AuditLog *audit,
                ncm::Catalogue &catalogue, const RulesEditorContext &context, QWidget *parent = nullptr);
    ~RulesEditor() override;

    void setContext(const RulesEditorContext &context);
    void setAsk(Ask ask) { m_ask = std::move(ask); }
    void setAskDestination(AskDestination ask) { m_askDestination = std::move(ask); }
    // Confirmation of rule writes for dialogs opened from here (the diff dialog by default).
    void setConfirm(RuleEditDialog::Confirm confirm) { m_confirm = std::move(confirm); }

    RuleListModel *ruleModel() const { return m_ruleModel; }
    DestinationListModel *destinationModel() const { return m_destinationModel; }
    AuditModel *auditModel() const { return m_auditModel; }
    QTabWidget *tabs() const { return m_tabs; }
    QString statusText() const;
    // The dialog open for a rule, if any (tests drive it).
    RuleEditDialog *openDialog() const { return m_dialog; }

public Q_SLOTS:
    void reload();
    void newRule();
    void newRuleFromTemplate(const QString &key);
    void editSelectedRule();
    void deleteSelectedRule();
    void createDestination();
    void testSelectedDestination();
    void unsuspendSelectedDestination();
    void rotateSelectedSecret();
    void endChangeOver();
    void deleteSelectedDestination();
    void refreshAudit();
    void exportAudit(const QString &filePath);

Q_SIGNALS:
    void reloaded();

private:
    QWidget *createRulesTab();
    QWidget *createDestinationsTab();
    QWidget *createAuditTab();
    void setupConnections();
    void openEditor(const std::optional<rules::AlertRule> &base, const rules::AlertRule &start, const QString &note);
    void learnTypes(const QList<rules::AlertRule> &rules);
    const rules::AlertRule *selectedRule() const;
    const api::DestinationInfo *selectedDestination() const;
    void showStatus(const QString &text);
    void destinationDone(const QString &what, const rules::DestinationOutcome &outcome);

    rules::RuleService *m_rules;
    rules::DestinationService *m_destinations;
    rules::AuditLog *m_audit;
    ncm::Catalogue &m_catalogue;
    RulesEditorContext m_context;
    Ask m_ask;
    AskDestination m_askDestination;
    RuleEditDialog::Confirm m_confirm;

    QTabWidget *m_tabs;
    RuleListModel *m_ruleModel;
    DestinationListModel *m_destinationModel;
    AuditModel *m_auditModel;
    QTableView *m_ruleView = nullptr;
    QTableView *m_destinationView = nullptr;
    QTableView *m_auditView = nullptr;
    QLineEdit *m_auditFilter = nullptr;
    QLabel *m_status;
    QPointer<RuleEditDialog> m_dialog;
};

} // namespace fw::ui
