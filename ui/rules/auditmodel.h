#pragma once

#include "rules/auditlog.h"

#include <QAbstractTableModel>

namespace fw::ui {

// Entries of the audit log, newest first.
class AuditModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditModel)

public:
    enum Column { When, Who, Action, Endpoint, Status, Outcome, Message, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setEntries(const QList<rules::AuditEntry> &entries);
    const rules::AuditEntry *entryAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<rules::AuditEntry> m_entries;
};

} // namespace fw::ui
