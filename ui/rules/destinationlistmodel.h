#pragma once

#include "api/pushdestinations.h"

#include <QAbstractTableModel>

namespace fw::ui {

// NCM's push destinations with their state (active, failing, suspended, disabled) and the
// last error NCM recorded.
class DestinationListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DestinationListModel)

public:
    enum Column { Name, Url, State, LastError, ColumnCount };
    enum Role { DestinationIdRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;

    void setDestinations(const QList<api::DestinationInfo> &destinations);
    const QList<api::DestinationInfo> &destinations() const { return m_destinations; }
    const api::DestinationInfo *destinationAt(int row) const;
    // A note shown in the State column ("test push arrived", "rotating secret").
    void setNote(const QString &id, const QString &note);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<api::DestinationInfo> m_destinations;
    QHash<QString, QString> m_notes;
};

} // namespace fw::ui
