#pragma once

#include <QStringList>
#include <QWidget>

class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace fw::ncm {
class Catalogue;
}

namespace fw::ui {

// Alert types grouped by the catalogue's categories, searchable, with a check box each.
// Names whose NCM identifier is open are listed but not checkable: the operator types the
// identifier (or picks one learnt from NCM) instead.
class TypePicker final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TypePicker)

public:
    explicit TypePicker(const ncm::Catalogue &catalogue, QWidget *parent = nullptr);

    // Rebuilds the tree from the catalogue (after it learnt identifiers), keeping the checks.
    void reload();
    QStringList checkedTypes() const;
    void setCheckedTypes(const QStringList &types);
    void setFilter(const QString &text);
    QTreeWidget *tree() const { return m_tree; }

Q_SIGNALS:
    void typesChanged();

private:
    void addCustomType();
    QTreeWidgetItem *categoryItem(const QString &category);
    void addType(const QString &type, const QString &category, const QString &title, bool learnt);
    void addOpenName(const QString &category, const QString &title);

    const ncm::Catalogue &m_catalogue;
    QLineEdit *m_search;
    QTreeWidget *m_tree;
    QLineEdit *m_custom;
    QStringList m_checked;
};

} // namespace fw::ui
