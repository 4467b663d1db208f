#include "rules/ruleseditor.h"

#include "ncm/catalogue.h"
#include "rules/auditlog.h"
#include "rules/auditmodel.h"
#include "rules/destinationlistmodel.h"
#include "rules/destinationservice.h"
#include "rules/rulediffdialog.h"
#include "rules/rulelistmodel.h"
#include "rules/ruleservice.h"
#include "rules/ruletemplate.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {

QTableView *makeTable(QAbstractItemModel *model, const QString &name, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    return view;
}

QPushButton *button(const QString &text, const QString &name, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    return b;
}

bool askDestinationDialog(QWidget *parent, QString *name, QUrl *url)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("New push destination"));
    auto *form = new QFormLayout(&dialog);
    auto *nameEdit = new QLineEdit(&dialog);
    auto *urlEdit = new QLineEdit(&dialog);
    urlEdit->setPlaceholderText(u"https://noc.example.org:8443/webhook"_s);
    form->addRow(QObject::tr("Name"), nameEdit);
    form->addRow(QObject::tr("URL"), urlEdit);
    form->addRow(new QLabel(QObject::tr("A secret is generated and kept in the keychain; NCM signs every push with it."), &dialog));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    *name = nameEdit->text().trimmed();
    *url = QUrl(urlEdit->text().trimmed());
    return true;
}

} // namespace

RulesEditor::RulesEditor(rules::RuleService *rules, rules::DestinationService *destinations, rules::AuditLog *audit,
                         ncm::Catalogue &catalogue, const RulesEditorContext &context, QWidget *parent)
    : QWidget(parent)
    , m_rules(rules)
    , m_destinations(destinations)
    , m_audit(audit)
    , m_catalogue(catalogue)
    , m_tabs(new QTabWidget(this))
    , m_ruleModel(new RuleListModel(catalogue, this))
    , m_destinationModel(new DestinationListModel(this))
    , m_auditModel(new AuditModel(this))
    , m_status(new QLabel(this))
{
    setObjectName(u"rulesEditor"_s);
    m_ask = [this](const QString &title, const QString &text) {
        return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
               == QMessageBox::Yes;
    };
    m_askDestination = [this](QString *name, QUrl *url) { return askDestinationDialog(this, name, url); };

    m_tabs->addTab(createRulesTab(), tr("Alert rules"));
    m_tabs->addTab(createDestinationsTab(), tr("Push destinations"));
    m_tabs->addTab(createAuditTab(), tr("Audit log"));
    m_status->setObjectName(u"editorStatus"_s);
    m_status->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_status);
    setContext(context);
    setupConnections();
}

RulesEditor::~RulesEditor() = default;

QWidget *RulesEditor::createRulesTab()
{
    auto *page = new QWidget(this);
    m_ruleView = makeTable(m_ruleModel, u"ruleView"_s, page);
    m_ruleView->horizontalHeader()->setSectionResizeMode(RuleListModel::Summary, QHeaderView::Stretch);
    m_ruleView->horizontalHeader()->setStretchLastSection(false);
    auto *add = button(tr("New rule"), u"newRule"_s, page);
    auto *fromTemplate = new QToolButton(page);
    fromTemplate->setText(tr("From template"));
    fromTemplate->setObjectName(u"fromTemplate"_s);
    fromTemplate->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(fromTemplate);
    for (const rules::RuleTemplate &t : rules::ruleTemplates(m_catalogue)) {
        QAction *action = menu->addAction(t.title);
        action->setToolTip(t.description);
        connect(action, &QAction::triggered, this, [this, key = t.key] { newRuleFromTemplate(key); });
    }
    fromTemplate->setMenu(menu);
    auto *edit = button(tr("Edit…"), u"editRule"_s, page);
    auto *remove = button(tr("Delete…"), u"deleteRule"_s, page);
    auto *reloadButton = button(tr("Reload from NCM"), u"reload"_s, page);
    connect(add, &QPushButton::clicked, this, &RulesEditor::newRule);
    connect(edit, &QPushButton::clicked, this, &RulesEditor::editSelectedRule);
    connect(remove, &QPushButton::clicked, this, &RulesEditor::deleteSelectedRule);
    connect(reloadButton, &QPushButton::clicked, this, &RulesEditor::reload);
    connect(m_ruleView, &QTableView::doubleClicked, this, &RulesEditor::editSelectedRule);

    auto *row = new QHBoxLayout;
    for (QWidget *w : std::initializer_list<QWidget *>{add, fromTemplate, edit, remove})
        row->addWidget(w);
    row->addStretch(1);
    row->addWidget(reloadButton);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(row);
    layout->addWidget(m_ruleView, 1);
    return page;
}

QWidget *RulesEditor::createDestinationsTab()
{
    auto *page = new QWidget(this);
    m_destinationView = makeTable(m_destinationModel, u"destinationView"_s, page);
    const std::pair<QString, void (RulesEditor::*)()> actions[] = {
        {tr("New destination…"), &RulesEditor::createDestination},
        {tr("Send test push"), &RulesEditor::testSelectedDestination},
        {tr("Un-suspend"), &RulesEditor::unsuspendSelectedDestination},
        {tr("Rotate secret"), &RulesEditor::rotateSelectedSecret},
        {tr("End change-over"), &RulesEditor::endChangeOver},
        {tr("Delete…"), &RulesEditor::deleteSelectedDestination},
    };
    const QStringList names{u"newDestination"_s, u"testDestination"_s, u"unsuspendDestination"_s,
                            u"rotateSecret"_s, u"endChangeOver"_s, u"deleteDestination"_s};
    auto *row = new QHBoxLayout;
    for (int i = 0; i < int(std::size(actions)); ++i) {
        QPushButton *b = button(actions[i].first, names.at(i), page);
        connect(b, &QPushButton::clicked, this, actions[i].second);
        row->addWidget(b);
    }
    row->addStretch(1);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(row);
    layout->addWidget(m_destinationView, 1);
    return page;
}

QWidget *RulesEditor::createAuditTab()
{
    auto *page = new QWidget(this);
    m_auditView = makeTable(m_auditModel, u"auditView"_s, page);
    m_auditFilter = new QLineEdit(page);
    m_auditFilter->setPlaceholderText(tr("Filter by action, request, id or message"));
    m_auditFilter->setClearButtonEnabled(true);
    auto *exportButton = button(tr("Export…"), u"exportAudit"_s, page);
    connect(m_auditFilter, &QLineEdit::textChanged, this, &RulesEditor::refreshAudit);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the audit log"), u"fleetwall-audit.csv"_s,
                                                          tr("CSV (*.csv);;JSON (*.json)"));
        if (!path.isEmpty())
            exportAudit(path);
    });
    auto *row = new QHBoxLayout;
    row->addWidget(m_auditFilter, 1);
    row->addWidget(exportButton);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(row);
    layout->addWidget(m_auditView, 1);
    return page;
}

void RulesEditor::setupConnections()
{
    connect(m_rules, &rules::RuleService::rulesChanged, this, &RulesEditor::reload);
    connect(m_destinations, &rules::DestinationService::destinationsChanged, this, &RulesEditor::refreshAudit);
    connect(m_destinations, &rules::DestinationService::testPushArrived, this, [this](const QString &id) {
        m_destinationModel->setNote(id, tr("signed test push arrived"));
        showStatus(tr("The signed test push for %1 reached our listener.").arg(m_context.names.destination(id)));
    });
    connect(m_destinations, &rules::DestinationService::rotationFinished, this, [this](const QString &id) {
        m_destinationModel->setNote(id, tr("secret rotated"));
    });
    connect(m_destinations, &rules::DestinationService::secretProblem, this, &RulesEditor::showStatus);
}

void RulesEditor::setContext(const RulesEditorContext &context)
{
    m_context = context;
    for (const QString &type : std::as_const(m_context.learntTypes))
        m_catalogue.learn(type);
    m_ruleModel->setNames(m_context.names);
}

QString RulesEditor::statusText() const
{
    return m_status->text();
}

void RulesEditor::showStatus(const QString &text)
{
    m_status->setText(text);
}

void RulesEditor::learnTypes(const QList<rules::AlertRule> &rules)
{
    for (const rules::AlertRule &rule : rules) {
        for (const QString &type : rule.types)
            m_catalogue.learn(type);
    }
}

void RulesEditor::reload()
{
    showStatus(tr("Loading rules and destinations from NCM…"));
    auto pending = std::make_shared<int>(2);
    const auto finish = [this, pending] {
        if (--*pending == 0)
            Q_EMIT reloaded();
    };
    m_destinations->list(this, [this, finish](const QList<api::DestinationInfo> &list, const QString &error) {
        m_destinationModel->setDestinations(list);
        for (const api::DestinationInfo &d : list)
            m_context.names.destinations.insert(d.id, d.name);
        m_ruleModel->setNames(m_context.names);
        if (!error.isEmpty())
            showStatus(error);
        finish();
    });
    m_rules->loadRules(this, [this, finish](const QList<rules::AlertRule> &list, const QString &error) {
        learnTypes(list);
        m_ruleModel->setRules(list);
        showStatus(error.isEmpty() ? tr("%n rule(s) in NCM.", nullptr, int(list.size())) : error);
        finish();
    });
    refreshAudit();
}

const rules::AlertRule *RulesEditor::selectedRule() const
{
    const QModelIndexList rows = m_ruleView->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_ruleModel->ruleAt(rows.first().row());
}

const api::DestinationInfo *RulesEditor::selectedDestination() const
{
    const QModelIndexList rows = m_destinationView->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_destinationModel->destinationAt(rows.first().row());
}

void RulesEditor::openEditor(const std::optional<rules::AlertRule> &base, const rules::AlertRule &start,
                             const QString &note)
{
    if (m_dialog)
        m_dialog->close();
    m_dialog = new RuleEditDialog(m_rules, m_catalogue, m_context, base, start, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog->setTemplateNote(note);
    if (m_confirm)
        m_dialog->setConfirm(m_confirm);
    connect(m_dialog, &RuleEditDialog::saved, this, [this] { showStatus(tr("Rule written to NCM and read back.")); });
    m_dialog->open();
}

void RulesEditor::newRule()
{
    rules::AlertRule start;
    start.settings = QJsonObject{};
    start.schedule = QJsonValue(QJsonValue::Null);
    openEditor(std::nullopt, start, {});
}

void RulesEditor::newRuleFromTemplate(const QString &key)
{
    for (const rules::RuleTemplate &t : rules::ruleTemplates(m_catalogue)) {
        if (t.key == key)
            openEditor(std::nullopt, t.draft(), u"<b>%1.</b> %2 %3"_s.arg(t.title, t.description, t.pickNote()));
    }
}

void RulesEditor::editSelectedRule()
{
    if (const rules::AlertRule *rule = selectedRule())
        openEditor(*rule, *rule, {});
    else
        showStatus(tr("Select a rule first."));
}

void RulesEditor::deleteSelectedRule()
{
    const rules::AlertRule *rule = selectedRule();
    if (!rule) {
        showStatus(tr("Select a rule first."));
        return;
    }
    m_rules->prepareDelete(*rule, this, [this](const rules::SavePlan &plan) {
        if (plan.error.isError()) {
            showStatus(plan.error.sentence);
            return;
        }
        const bool confirmed = m_confirm ? m_confirm(plan) : RuleDiffDialog(plan, m_context.names, this).exec() == QDialog::Accepted;
        if (!confirmed) {
            showStatus(tr("Nothing deleted."));
            return;
        }
        m_rules->commit(plan, this, [this](const rules::WriteOutcome &outcome) {
            showStatus(outcome.ok ? tr("Rule deleted in NCM.") : outcome.error.sentence);
        });
    });
}

void RulesEditor::destinationDone(const QString &what, const rules::DestinationOutcome &outcome)
{
    showStatus(outcome.ok ? what : outcome.error.sentence);
    refreshAudit();
    if (outcome.ok)
        reload();
}

void RulesEditor::createDestination()
{
    QString name;
    QUrl url;
    if (!m_askDestination(&name, &url))
        return;
    if (name.isEmpty() || !url.isValid() || (url.scheme() != "https"_L1 && url.scheme() != "http"_L1)) {
        showStatus(tr("A destination needs a name and an http or https URL."));
        return;
    }
    m_destinations->create(name, url, this, [this, name](const rules::DestinationOutcome &outcome) {
        destinationDone(tr("Destination %1 created; its secret is in the keychain.").arg(name), outcome);
    });
}

void RulesEditor::testSelectedDestination()
{
    const api::DestinationInfo *d = selectedDestination();
    if (!d)
        return showStatus(tr("Select a destination first."));
    const QString id = d->id;
    m_destinationModel->setNote(id, tr("test requested"));
    m_destinations->test(id, this, [this, id](const rules::DestinationOutcome &outcome) {
        if (outcome.ok)
            m_destinationModel->setNote(id, tr("NCM accepted the test; waiting for the push"));
        showStatus(outcome.ok ? tr("NCM accepted the test push.") : outcome.error.sentence);
        refreshAudit();
    });
}

void RulesEditor::unsuspendSelectedDestination()
{
    if (const api::DestinationInfo *d = selectedDestination()) {
        m_destinations->unsuspend(d->id, this, [this](const rules::DestinationOutcome &outcome) {
            destinationDone(tr("Destination un-suspended."), outcome);
        });
    }
}

void RulesEditor::rotateSelectedSecret()
{
    const api::DestinationInfo *d = selectedDestination();
    if (!d || !m_ask(tr("Rotate the secret?"), tr("NCM will sign pushes to %1 with a new secret. Our listener accepts "
                                                  "the old and the new one during the change-over.").arg(d->name)))
        return;
    const QString id = d->id;
    m_destinations->rotateSecret(*d, this, [this, id](const rules::DestinationOutcome &outcome) {
        if (outcome.ok)
            m_destinationModel->setNote(id, tr("rotating: old and new secret accepted"));
        destinationDone(tr("Secret rotated; the new one is in the keychain."), outcome);
    });
}

void RulesEditor::endChangeOver()
{
    const api::DestinationInfo *d = selectedDestination();
    if (!d || !m_destinations->isRotating(d->id))
        return showStatus(tr("No secret rotation is in progress for this destination."));
    m_destinations->finishRotation(d->id);
    showStatus(tr("Change-over ended: only the new secret is accepted now."));
}

void RulesEditor::deleteSelectedDestination()
{
    const api::DestinationInfo *d = selectedDestination();
    if (!d || !m_ask(tr("Delete the destination?"), tr("Delete %1 in NCM? Rules pushing to it stop reaching it.").arg(d->name)))
        return;
    m_destinations->remove(*d, this, [this](const rules::DestinationOutcome &outcome) {
        destinationDone(tr("Destination deleted in NCM."), outcome);
    });
}

void RulesEditor::refreshAudit()
{
    if (!m_audit)
        return;
    rules::AuditFilter filter;
    filter.text = m_auditFilter->text();
    QString error;
    m_auditModel->setEntries(m_audit->entries(filter, &error));
    if (!error.isEmpty())
        showStatus(error);
}

void RulesEditor::exportAudit(const QString &filePath)
{
    if (!m_audit)
        return;
    rules::AuditFilter filter;
    filter.text = m_auditFilter->text();
    const QString error = m_audit->exportTo(filePath, filter);
    showStatus(error.isEmpty() ? tr("Audit log exported to %1.").arg(filePath) : error);
}

} // namespace fw::ui
