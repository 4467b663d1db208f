#pragma once

#include "store/event.h"

#include <QDateTime>
#include <QSortFilterProxyModel>

namespace fw::ui {

// Filters the alert list by severity, category, type, router, time range, acknowledgement
// and free text, and sorts it (newest first by default).
class AlertFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertFilterProxy)

public:
    explicit AlertFilterProxy(QObject *parent = nullptr);

    void setMinimumSeverity(store::Severity severity);
    void setCategory(const QString &category); // empty: all
    void setType(const QString &type);         // NCM identifier; empty: all
    void setRouter(const QString &text);       // part of the router's name or id; empty: all
    void setRouterId(const QString &id);       // exactly this router; empty: all
    void setTimeRange(const QDateTime &from, const QDateTime &to); // invalid ends are open
    void setText(const QString &text);
    void setHideAcknowledged(bool hide);

    store::Severity minimumSeverity() const { return m_minimumSeverity; }
    QString category() const { return m_category; }
    QString type() const { return m_type; }
    QString router() const { return m_router; }
    QString text() const { return m_text; }
    bool hidesAcknowledged() const { return m_hideAcknowledged; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    template<typename T>
    void change(T &member, const T &value);

    store::Severity m_minimumSeverity = store::Severity::Info;
    QString m_category;
    QString m_type;
    QString m_router;
    QString m_routerId;
    QDateTime m_from;
    QDateTime m_to;
    QString m_text;
    bool m_hideAcknowledged = false;
};

} // namespace fw::ui
