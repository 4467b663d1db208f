#pragma once

#include "tiles/tileroles.h"

#include <QSortFilterProxyModel>

namespace fw::ui {

// Filters the tiles by state, group, category of the last event and free text, and sorts
// them by any field a tile shows.
class TileFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TileFilterProxy)

public:
    enum class SortKey { Name, State, Signal, Battery, LastEvent, Group, Carrier, Category };
    Q_ENUM(SortKey)

    explicit TileFilterProxy(const TileRoles &roles, QObject *parent = nullptr);

    void setState(int state);                  // int of fleet::OnlineState; -1: all
    void setGroup(const QString &group);       // empty: all
    void setCategory(const QString &category); // of the last event; empty: all
    void setText(const QString &text);         // name, id, carrier, group
    void sortBy(SortKey key, Qt::SortOrder order = Qt::AscendingOrder);
    SortKey sortKey() const { return m_sortKey; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QVariant value(const QModelIndex &index, int role) const;
    int stateRank(const QModelIndex &index) const;
    bool contains(const QModelIndex &index, int role) const;

    TileRoles m_roles;
    int m_state = -1;
    QString m_group;
    QString m_category;
    QString m_text;
    SortKey m_sortKey = SortKey::Name;
};

} // namespace fw::ui
