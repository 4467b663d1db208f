#include "rules/rulediffdialog.h"

#include "common/theme.h"
#include "ncm/catalogue.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {

QString shown(const QJsonValue &value)
{
    if (value.isUndefined())
        return u"—"_s;
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isNull())
        return u"null"_s;
    return value.toVariant().toString();
}

QString named(const QString &field, const QString &id, const rules::NameBook &names)
{
    QString name = id;
    if (field == "associated_groups"_L1)
        name = names.group(id);
    else if (field == "associated_accounts"_L1)
        name = names.account(id);
    else if (field == "http_destinations"_L1)
        name = names.destination(id);
    else if (field == "filter_criteria.alert_type__in"_L1)
        name = ncm::Catalogue::instance().lookup(id).title;
    return name == id ? id : u"%1 (%2)"_s.arg(name, id);
}

// The operator's words for NCM's field names; unknown fields keep NCM's name.
QString fieldLabel(const QString &field)
{
    static const QHash<QString, QString> labels{
        {u"associated_groups"_s, QObject::tr("Groups")},
        {u"associated_accounts"_s, QObject::tr("Accounts")},
        {u"filter_criteria.alert_type__in"_s, QObject::tr("Alert types")},
        {u"http_destinations"_s, QObject::tr("Webhook destinations")},
        {u"email_destinations"_s, QObject::tr("E-mail recipients")},
        {u"schedule"_s, QObject::tr("Schedule")},
        {u"account"_s, QObject::tr("Owner account")}};
    if (field.startsWith("settings."_L1))
        return QObject::tr("Settings of %1").arg(field.mid(9));
    return labels.value(field, field);
}

// "+ Groups: Stores (3104)" lines for the conflict banner.
QStringList describe(const rules::RuleDiff &diff, const rules::NameBook &names)
{
    QStringList lines;
    for (const rules::FieldChange &change : diff.changes) {
        for (const QString &item : change.added)
            lines.append(u"+ %1: %2"_s.arg(fieldLabel(change.field), named(change.field, item, names)));
        for (const QString &item : change.removed)
            lines.append(u"− %1: %2"_s.arg(fieldLabel(change.field), named(change.field, item, names)));
        if (change.added.isEmpty() && change.removed.isEmpty())
            lines.append(QObject::tr("%1 changed").arg(fieldLabel(change.field)));
    }
    return lines;
}

QString title(rules::SavePlan::Kind kind)
{
    switch (kind) {
    case rules::SavePlan::Kind::Create: return QObject::tr("Create this rule in NCM?");
    case rules::SavePlan::Kind::Update: return QObject::tr("Write these changes to NCM?");
    case rules::SavePlan::Kind::Delete: return QObject::tr("Delete this rule in NCM?");
    }
    return {};
}

} // namespace

RuleDiffDialog::RuleDiffDialog(const rules::SavePlan &plan, const rules::NameBook &names, QWidget *parent)
    : QDialog(parent)
    , m_changes(new QTreeWidget(this))
{
    setWindowTitle(tr("Review the change"));
    setObjectName(u"ruleDiffDialog"_s);
    auto *layout = new QVBoxLayout(this);
    auto *heading = new QLabel(u"<b>%1</b>"_s.arg(title(plan.kind)), this);
    layout->addWidget(heading);
    if (plan.conflict)
        layout->addWidget(conflictBanner(plan, names));

    auto *against = new QLabel(plan.current ? tr("Compared with the version in NCM now (updated %1).").arg(plan.current->updatedAt)
                                            : tr("The rule is new: everything below will be created."), this);
    against->setWordWrap(true);
    layout->addWidget(against);

    m_changes->setObjectName(u"diffTree"_s);
    m_changes->setHeaderLabels({tr("Change"), tr("Field"), tr("In NCM now"), tr("After the write")});
    m_changes->setRootIsDecorated(false);
    m_changes->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_changes->header()->setStretchLastSection(true);
    fill(plan.diff, names);
    layout->addWidget(m_changes, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *write = buttons->addButton(plan.kind == rules::SavePlan::Kind::Delete ? tr("Delete in NCM")
                                                                                      : tr("Write to NCM"),
                                            QDialogButtonBox::AcceptRole);
    write->setObjectName(u"confirmWrite"_s);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true); // a deliberate click writes
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(760, 420);
}

QWidget *RuleDiffDialog::conflictBanner(const rules::SavePlan &plan, const rules::NameBook &names)
{
    QStringList lines = describe(plan.conflictDiff, names);
    if (lines.isEmpty())
        lines.append(tr("only its timestamp changed"));
    auto *banner = new QLabel(tr("<b>Changed in NCM since you loaded it.</b> Someone else changed: %1. "
                                 "Writing now replaces their version with yours.")
                                  .arg(lines.join(u"; "_s).toHtmlEscaped()),
                              this);
    banner->setObjectName(u"conflictBanner"_s);
    banner->setWordWrap(true);
    banner->setStyleSheet(u"QLabel { background: %1; color: black; padding: 6px; border-radius: 3px; }"_s
                              .arg(Theme::colors().warning.name()));
    return banner;
}

void RuleDiffDialog::fill(const rules::RuleDiff &diff, const rules::NameBook &names)
{
    const ThemeColors &colors = Theme::colors();
    const auto add = [this](const QString &sign, const QString &field, const QString &before, const QString &after,
                            const QColor &color) {
        auto *item = new QTreeWidgetItem(m_changes, {sign, fieldLabel(field), before, after});
        item->setToolTip(1, field);
        item->setForeground(0, color);
        item->setForeground(2, sign == u"+"_s ? QColor() : color);
        item->setForeground(3, sign == u"−"_s ? QColor() : color);
    };
    for (const rules::FieldChange &change : diff.changes) {
        for (const QString &item : change.added)
            add(u"+"_s, change.field, QString(), named(change.field, item, names), colors.ok);
        for (const QString &item : change.removed)
            add(u"−"_s, change.field, named(change.field, item, names), QString(), colors.critical);
        if (change.added.isEmpty() && change.removed.isEmpty())
            add(u"~"_s, change.field, shown(change.before), shown(change.after), colors.warning);
    }
    if (diff.isEmpty())
        new QTreeWidgetItem(m_changes, {QString(), tr("No difference from the version in NCM.")});
}

} // namespace fw::ui
