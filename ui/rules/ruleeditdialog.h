#pragma once

#include "rules/ruleissue.h"
#include "rules/ruleseditorcontext.h"
#include "rules/ruleservice.h"

#include <QDialog>

#include <functional>
#include <optional>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace fw::ncm {
class Catalogue;
}

namespace fw::ui {

class TypePicker;

// Creates or edits one alert rule. Saving validates, shows the diff against the version in
// NCM now (and any conflict), asks for confirmation, writes, reads back and audits. On any
// error the dialog stays open with the operator's edit and the offending field marked.
class RuleEditDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleEditDialog)

public:
    // Returns true when the operator confirms the plan (the diff dialog by default).
    using Confirm = std::function<bool(const rules::SavePlan &plan)>;

    // base: the rule as loaded from NCM, or nullopt for a new rule (start may hold a template's draft).
    RuleEditDialog(rules::RuleService *service, const ncm::Catalogue &catalogue, const RulesEditorContext &context,
                   const std::optional<rules::AlertRule> &base, const rules::AlertRule &start = {},
                   QWidget *parent = nullptr);

    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void setTemplateNote(const QString &note);

    // The rule as edited; *error is set when the settings or schedule JSON do not parse.
    rules::AlertRule draft(rules::FieldIssues *issues = nullptr) const;
    QString statusText() const;
    QStringList markedFields() const { return m_marked; }
    bool isBusy() const { return m_busy; }
    TypePicker *typePicker() const { return m_types; }

public Q_SLOTS:
    void save();
    void runDryRun();

Q_SIGNALS:
    void saved(const fw::rules::AlertRule &rule);

private:
    QWidget *createForm();
    void load(const rules::AlertRule &rule);
    void fillChecklist(QListWidget *list, const QHash<QString, QString> &names, const QString &prefix,
                       const QStringList &checked);
    QStringList checked(QListWidget *list, const QString &prefix) const;
    void onPlan(const rules::SavePlan &plan);
    void onWritten(const rules::WriteOutcome &outcome);
    void mark(const rules::FieldIssues &issues);
    void clearMarks();
    QWidget *widgetFor(const QString &field) const;
    void setBusy(bool busy, const QString &status);
    void checkSettingsText();

    rules::RuleService *m_service;
    const ncm::Catalogue &m_catalogue;
    RulesEditorContext m_context;
    std::optional<rules::AlertRule> m_base;
    rules::AlertRule m_start;
    Confirm m_confirm;
    bool m_busy = false;
    QStringList m_marked;

    TypePicker *m_types;
    QListWidget *m_scope;
    QListWidget *m_destinations;
    QLineEdit *m_emails;
    QPlainTextEdit *m_settings;
    QLineEdit *m_schedule;
    QLabel *m_settingsState;
    QLabel *m_templateNote;
    QLabel *m_summary;
    QLabel *m_status;
    QLabel *m_dryRun;
    QPushButton *m_saveButton;
    QPushButton *m_dryRunButton;
};

} // namespace fw::ui
