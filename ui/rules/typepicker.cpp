#include "rules/typepicker.h"

#include "ncm/catalogue.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {

constexpr int TypeRole = Qt::UserRole + 1;

} // namespace

TypePicker::TypePicker(const ncm::Catalogue &catalogue, QWidget *parent)
    : QWidget(parent)
    , m_catalogue(catalogue)
    , m_search(new QLineEdit(this))
    , m_tree(new QTreeWidget(this))
    , m_custom(new QLineEdit(this))
{
    m_search->setPlaceholderText(tr("Search alert types…"));
    m_search->setClearButtonEnabled(true);
    m_search->setObjectName(u"typeSearch"_s);
    m_tree->setObjectName(u"typeTree"_s);
    m_tree->setHeaderLabels({tr("Alert type"), tr("Identifier")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    m_custom->setPlaceholderText(tr("Identifier not listed? Type it, e.g. geofence_exit"));
    m_custom->setObjectName(u"customType"_s);
    auto *add = new QPushButton(tr("Add"), this);

    auto *customRow = new QHBoxLayout;
    customRow->addWidget(m_custom);
    customRow->addWidget(add);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_tree, 1);
    layout->addLayout(customRow);

    connect(m_search, &QLineEdit::textChanged, this, &TypePicker::setFilter);
    connect(add, &QPushButton::clicked, this, &TypePicker::addCustomType);
    connect(m_custom, &QLineEdit::returnPressed, this, &TypePicker::addCustomType);
    connect(m_tree, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item) {
        const QString type = item->data(0, TypeRole).toString();
        if (type.isEmpty())
            return;
        const bool checked = item->checkState(0) == Qt::Checked;
        if (checked && !m_checked.contains(type))
            m_checked.append(type);
        if (!checked)
            m_checked.removeAll(type);
        Q_EMIT typesChanged();
    });
    reload();
}

QTreeWidgetItem *TypePicker::categoryItem(const QString &category)
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        if (m_tree->topLevelItem(i)->text(0) == category)
            return m_tree->topLevelItem(i);
    }
    auto *item = new QTreeWidgetItem(m_tree, {category});
    item->setFlags(Qt::ItemIsEnabled);
    QFont bold = item->font(0);
    bold.setBold(true);
    item->setFont(0, bold);
    return item;
}

void TypePicker::addType(const QString &type, const QString &category, const QString &title, bool learnt)
{
    auto *item = new QTreeWidgetItem(categoryItem(category), {title, type});
    item->setData(0, TypeRole, type);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
    item->setCheckState(0, m_checked.contains(type) ? Qt::Checked : Qt::Unchecked);
    if (learnt)
        item->setToolTip(0, tr("Learnt from NCM (existing rules or alert history)."));
}

void TypePicker::addOpenName(const QString &category, const QString &title)
{
    auto *item = new QTreeWidgetItem(categoryItem(category), {title, tr("identifier unknown")});
    item->setFlags(Qt::ItemIsEnabled);
    item->setForeground(1, m_tree->palette().color(QPalette::PlaceholderText));
    item->setToolTip(0, tr("NCM's identifier for this alert is not known. Pick it if it was learnt from NCM, "
                           "or type it below."));
}

void TypePicker::reload()
{
    const QSignalBlocker blocker(m_tree);
    m_tree->clear();
    for (const QString &category : m_catalogue.categories())
        categoryItem(category);

    QStringList listed;
    for (const ncm::AlertTypeInfo &info : m_catalogue.types()) {
        addType(info.type, info.category, info.title, info.evidence == ncm::Evidence::Learnt);
        listed.append(info.type);
    }
    for (const ncm::AlertTypeInfo &info : m_catalogue.uiOnlyTypes())
        addOpenName(info.category, info.title);
    // Checked identifiers the catalogue does not know stay visible under "Other".
    for (const QString &type : std::as_const(m_checked)) {
        if (!listed.contains(type))
            addType(type, QString(ncm::Catalogue::OtherCategory), type, true);
    }
    m_tree->expandAll();
    setFilter(m_search->text());
}

QStringList TypePicker::checkedTypes() const
{
    return m_checked;
}

void TypePicker::setCheckedTypes(const QStringList &types)
{
    m_checked = types;
    reload();
    Q_EMIT typesChanged();
}

void TypePicker::setFilter(const QString &text)
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *category = m_tree->topLevelItem(i);
        int visible = 0;
        for (int j = 0; j < category->childCount(); ++j) {
            QTreeWidgetItem *item = category->child(j);
            const bool match = text.isEmpty() || item->text(0).contains(text, Qt::CaseInsensitive)
                               || item->text(1).contains(text, Qt::CaseInsensitive)
                               || category->text(0).contains(text, Qt::CaseInsensitive);
            item->setHidden(!match);
            visible += match ? 1 : 0;
        }
        category->setHidden(visible == 0);
    }
}

void TypePicker::addCustomType()
{
    static const QRegularExpression identifier(u"^[A-Za-z0-9_.:-]+$"_s);
    const QString type = m_custom->text().trimmed();
    if (!identifier.match(type).hasMatch()) {
        m_custom->setToolTip(tr("An identifier has letters, digits, '_', '.', ':' or '-' only."));
        m_custom->setProperty("invalid", true);
        return;
    }
    m_custom->setProperty("invalid", false);
    m_custom->clear();
    if (!m_checked.contains(type))
        m_checked.append(type);
    reload();
    Q_EMIT typesChanged();
}

} // namespace fw::ui
