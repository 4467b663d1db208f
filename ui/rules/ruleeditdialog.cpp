#include "rules/ruleeditdialog.h"

#include "common/theme.h"
#include "ncm/catalogue.h"
#include "rules/rulediffdialog.h"
#include "rules/rulevalidator.h"
#include "rules/typepicker.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {

constexpr int IdRole = Qt::UserRole + 1;
const QString s_groupPrefix = u"group:"_s;
const QString s_accountPrefix = u"account:"_s;

QString jsonText(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    return {};
}

// Empty text is an empty value; anything else must be a JSON object.
std::optional<QJsonValue> parseJsonObject(const QString &text, QString *error)
{
    if (text.trimmed().isEmpty())
        return QJsonValue(QJsonValue::Null);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QObject::tr("Not valid JSON: %1 at character %2.").arg(parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = QObject::tr("Must be a JSON object such as {\"type\": {…}}.");
        return std::nullopt;
    }
    return QJsonValue(document.object());
}

QString markStyle()
{
    return u"border: 2px solid %1;"_s.arg(Theme::colors().critical.name());
}

} // namespace

RuleEditDialog::RuleEditDialog(rules::RuleService *service, const ncm::Catalogue &catalogue,
                               const RulesEditorContext &context, const std::optional<rules::AlertRule> &base,
                               const rules::AlertRule &start, QWidget *parent)
    : QDialog(parent)
    , m_service(service)
    , m_catalogue(catalogue)
    , m_context(context)
    , m_base(base)
    , m_start(base ? *base : start)
    , m_types(new TypePicker(catalogue, this))
    , m_scope(new QListWidget(this))
    , m_destinations(new QListWidget(this))
    , m_emails(new QLineEdit(this))
    , m_settings(new QPlainTextEdit(this))
    , m_schedule(new QLineEdit(this))
    , m_settingsState(new QLabel(this))
    , m_templateNote(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_status(new QLabel(this))
    , m_dryRun(new QLabel(this))
    , m_saveButton(new QPushButton(tr("Review and save…"), this))
    , m_dryRunButton(new QPushButton(tr("Dry run (last 7 days)"), this))
{
    setWindowTitle(base ? tr("Edit alert rule") : tr("New alert rule"));
    setObjectName(u"ruleEditDialog"_s);
    m_confirm = [this](const rules::SavePlan &plan) {
        RuleDiffDialog dialog(plan, m_context.names, this);
        return dialog.exec() == QDialog::Accepted;
    };

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_types);
    splitter->addWidget(createForm());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_dryRunButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_saveButton, QDialogButtonBox::ActionRole);
    m_saveButton->setObjectName(u"saveRule"_s);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_saveButton, &QPushButton::clicked, this, &RuleEditDialog::save);
    connect(m_dryRunButton, &QPushButton::clicked, this, &RuleEditDialog::runDryRun);
    m_dryRunButton->setEnabled(bool(m_context.events));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_templateNote);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_dryRun);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    m_templateNote->hide();
    for (QLabel *label : {m_templateNote, m_summary, m_status, m_dryRun, m_settingsState})
        label->setWordWrap(true);
    m_status->setObjectName(u"ruleStatus"_s);

    load(m_start);
    connect(m_service, &rules::RuleService::throttled, this, [this](int status, qint64 delayMs) {
        if (m_busy)
            m_status->setText(tr("NCM is throttling (HTTP %1); retrying in %2 s. Your edit is kept.")
                                  .arg(status).arg((delayMs + 999) / 1000));
    });
    connect(m_types, &TypePicker::typesChanged, this, [this] { m_summary->setText(rules::summarizeRule(draft(), m_catalogue, m_context.names)); });
    connect(m_settings, &QPlainTextEdit::textChanged, this, &RuleEditDialog::checkSettingsText);
    resize(1180, 680);
}

QWidget *RuleEditDialog::createForm()
{
    auto *form = new QWidget(this);
    auto *layout = new QFormLayout(form);
    m_scope->setObjectName(u"scopeList"_s);
    m_destinations->setObjectName(u"destinationList"_s);
    m_emails->setObjectName(u"emailRecipients"_s);
    m_settings->setObjectName(u"settingsJson"_s);
    m_schedule->setObjectName(u"scheduleJson"_s);
    m_emails->setPlaceholderText(tr("noc@example.org, or NCM e-mail destination ids, comma separated"));
    m_settings->setPlaceholderText(tr("{\"alert_type\": {\"setting\": value}}  — per-type settings, optional"));
    m_schedule->setPlaceholderText(tr("empty: always"));
    m_settings->setTabChangesFocus(true);
    layout->addRow(tr("Scope (groups, accounts)"), m_scope);
    layout->addRow(tr("Webhook destinations"), m_destinations);
    layout->addRow(tr("E-mail recipients"), m_emails);
    layout->addRow(tr("Settings (JSON)"), m_settings);
    layout->addRow(QString(), m_settingsState);
    layout->addRow(tr("Schedule (JSON)"), m_schedule);
    return form;
}

void RuleEditDialog::fillChecklist(QListWidget *list, const QHash<QString, QString> &names, const QString &prefix,
                                   const QStringList &checked)
{
    QStringList ids = names.keys();
    for (const QString &id : checked) {
        if (!ids.contains(id))
            ids.append(id); // in the rule, not in synced data: shown by id
    }
    std::sort(ids.begin(), ids.end(), [&names](const QString &a, const QString &b) {
        return names.value(a, a).localeAwareCompare(names.value(b, b)) < 0;
    });
    for (const QString &id : ids) {
        const QString label = prefix == s_accountPrefix ? tr("Account: %1").arg(names.value(id, id))
                              : prefix == s_groupPrefix ? tr("Group: %1").arg(names.value(id, id))
                                                        : names.value(id, id);
        auto *item = new QListWidgetItem(label, list);
        item->setData(IdRole, QString(prefix + id));
        item->setToolTip(id);
        item->setCheckState(checked.contains(id) ? Qt::Checked : Qt::Unchecked);
    }
}

QStringList RuleEditDialog::checked(QListWidget *list, const QString &prefix) const
{
    QStringList ids;
    for (int i = 0; i < list->count(); ++i) {
        const QString key = list->item(i)->data(IdRole).toString();
        if (list->item(i)->checkState() == Qt::Checked && key.startsWith(prefix))
            ids.append(key.mid(prefix.size()));
    }
    return ids;
}

void RuleEditDialog::load(const rules::AlertRule &rule)
{
    m_types->setCheckedTypes(rule.types);
    fillChecklist(m_scope, m_context.names.groups, s_groupPrefix, rule.associatedGroups);
    fillChecklist(m_scope, m_context.names.accounts, s_accountPrefix, rule.associatedAccounts);
    fillChecklist(m_destinations, m_context.names.destinations, QString(), rule.httpDestinations);
    m_emails->setText(rule.emailDestinations.join(u", "_s));
    m_settings->setPlainText(jsonText(rule.settings));
    m_schedule->setText(rule.schedule.isObject()
                            ? QString::fromUtf8(QJsonDocument(rule.schedule.toObject()).toJson(QJsonDocument::Compact))
                            : QString());
    m_summary->setText(rules::summarizeRule(rule, m_catalogue, m_context.names));
}

void RuleEditDialog::setTemplateNote(const QString &note)
{
    m_templateNote->setText(note);
    m_templateNote->setVisible(!note.isEmpty());
}

rules::AlertRule RuleEditDialog::draft(rules::FieldIssues *issues) const
{
    rules::AlertRule rule = m_start; // keeps id, updated_at and every field the editor does not show
    rule.types = m_types->checkedTypes();
    rule.associatedGroups = checked(m_scope, s_groupPrefix);
    rule.associatedAccounts = checked(m_scope, s_accountPrefix);
    rule.httpDestinations = checked(m_destinations, QString());
    rule.emailDestinations.clear();
    for (const QString &part : m_emails->text().split(u',', Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            rule.emailDestinations.append(part.trimmed());
    }

    QString error;
    if (const auto settings = parseJsonObject(m_settings->toPlainText(), &error))
        rule.settings = settings->isNull() ? QJsonValue(QJsonObject{}) : *settings;
    else if (issues)
        issues->append({QString(rules::Field::Settings), error});
    error.clear();
    if (const auto schedule = parseJsonObject(m_schedule->text(), &error))
        rule.schedule = *schedule;
    else if (issues)
        issues->append({QString(rules::Field::Schedule), error});
    return rule;
}

void RuleEditDialog::checkSettingsText()
{
    QString error;
    const bool ok = parseJsonObject(m_settings->toPlainText(), &error).has_value();
    m_settingsState->setText(ok ? QString() : error);
    m_settings->setStyleSheet(ok ? QString() : markStyle());
}

QString RuleEditDialog::statusText() const
{
    return m_status->text();
}

void RuleEditDialog::setBusy(bool busy, const QString &status)
{
    m_busy = busy;
    m_saveButton->setEnabled(!busy);
    m_status->setText(status);
}

void RuleEditDialog::save()
{
    clearMarks();
    rules::FieldIssues issues;
    const rules::AlertRule rule = draft(&issues);
    issues += rules::validateRule(rule);
    if (!issues.isEmpty()) {
        mark(issues);
        setBusy(false, tr("Not saved: %1").arg(rules::describeIssues(issues)));
        return;
    }
    setBusy(true, tr("Reading the version in NCM…"));
    m_service->prepareSave(rule, m_base, this, [this](const rules::SavePlan &plan) { onPlan(plan); });
}

void RuleEditDialog::onPlan(const rules::SavePlan &plan)
{
    if (!plan.writable()) {
        mark(plan.issues + plan.error.fields);
        setBusy(false, plan.error.isError() ? plan.error.sentence : rules::describeIssues(plan.issues));
        return;
    }
    if (!m_confirm(plan)) {
        setBusy(false, tr("Not written: cancelled at the review. Your edit is kept."));
        return;
    }
    setBusy(true, tr("Writing to NCM (retried if NCM throttles)…"));
    m_service->commit(plan, this, [this](const rules::WriteOutcome &outcome) { onWritten(outcome); });
}

void RuleEditDialog::onWritten(const rules::WriteOutcome &outcome)
{
    if (!outcome.ok) {
        rules::FieldIssues fields;
        for (const rules::FieldIssue &issue : outcome.error.fields)
            fields.append({rules::editorField(issue.field), issue.message});
        mark(fields);
        setBusy(false, outcome.error.sentence);
        return;
    }
    QString status = tr("Written to NCM and read back.");
    if (!outcome.readBackDiff.isEmpty())
        status = tr("Written, but NCM stored something different: %1").arg(outcome.readBackDiff.lines().join(u"; "_s));
    if (!outcome.error.sentence.isEmpty())
        status = outcome.error.sentence;
    if (!outcome.auditError.isEmpty())
        status += u' ' + outcome.auditError;
    setBusy(false, status);
    if (outcome.written) {
        m_base = outcome.written;
        m_start = *outcome.written;
        Q_EMIT saved(*outcome.written);
    }
    if (outcome.readBackDiff.isEmpty() && outcome.error.sentence.isEmpty())
        accept();
}

QWidget *RuleEditDialog::widgetFor(const QString &field) const
{
    if (field == rules::Field::Scope)
        return m_scope;
    if (field == rules::Field::Types)
        return m_types->tree();
    if (field == rules::Field::Destinations || field == rules::Field::HttpDestinations)
        return m_destinations;
    if (field == rules::Field::EmailDestinations)
        return m_emails;
    if (field == rules::Field::Settings)
        return m_settings;
    if (field == rules::Field::Schedule)
        return m_schedule;
    return nullptr;
}

void RuleEditDialog::mark(const rules::FieldIssues &issues)
{
    for (const rules::FieldIssue &issue : issues) {
        QWidget *widget = widgetFor(rules::editorField(issue.field));
        if (!widget)
            continue;
        widget->setStyleSheet(markStyle());
        widget->setToolTip(issue.message);
        if (issue.field == rules::Field::Destinations)
            m_emails->setStyleSheet(markStyle());
        m_marked.append(rules::editorField(issue.field));
    }
}

void RuleEditDialog::clearMarks()
{
    for (QWidget *widget : {static_cast<QWidget *>(m_scope), static_cast<QWidget *>(m_types->tree()),
                            static_cast<QWidget *>(m_destinations), static_cast<QWidget *>(m_emails),
                            static_cast<QWidget *>(m_settings), static_cast<QWidget *>(m_schedule)}) {
        widget->setStyleSheet(QString());
        widget->setToolTip(QString());
    }
    m_marked.clear();
}

void RuleEditDialog::runDryRun()
{
    if (!m_context.events)
        return;
    const rules::AlertRule rule = draft();
    const QDateTime to = QDateTime::currentDateTimeUtc();
    const QDateTime from = to.addDays(-7);
    m_dryRun->setText(tr("Counting matching events of the last 7 days…"));
    m_context.events(rule.types, from, to, this, [this, rule, from, to](const QList<store::Event> &events,
                                                                         const QString &error) {
        rules::DryRunResult result = rules::dryRun(rule, events, m_context.scope, from, to);
        result.error = error;
        QStringList top;
        for (const rules::RouterFiring &firing : result.routers.mid(0, 5))
            top.append(u"%1 (%2)"_s.arg(firing.routerName.isEmpty() ? firing.routerId : firing.routerName).arg(firing.count));
        m_dryRun->setText(top.isEmpty() ? result.sentence() : result.sentence() + u" "_s + tr("Most: %1.").arg(top.join(u", "_s)));
    });
}

} // namespace fw::ui
