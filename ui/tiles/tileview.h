#pragma once

#include "tiles/tileroles.h"

#include <QTimer>
#include <QWidget>

class QAbstractItemModel;
class QComboBox;
class QLineEdit;
class QListView;
class QToolButton;

namespace fw::alerts {
class AcknowledgementStore;
}

namespace fw::ui {

class TileDelegate;
class TileFilterProxy;

// The status tiles dock: every router as a painted tile in a wrapping grid, with filters and
// sorting in a toolbar. In wall mode the toolbar hides, type grows and the pages rotate.
class TileView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TileView)

public:
    TileView(QAbstractItemModel *fleet, const TileRoles &roles, alerts::AcknowledgementStore *acks = nullptr,
             QWidget *parent = nullptr);

    TileFilterProxy *proxy() const { return m_proxy; }
    TileDelegate *delegate() const { return m_delegate; }
    QListView *listView() const { return m_list; }

    // Connect MainWindow::wallModeChanged here.
    void setWallMode(bool on);
    bool isWallMode() const { return m_wallMode; }
    void setPageInterval(int seconds);
    int currentPage() const;
    int pageCount() const;
    void nextPage();

    void setGroups(const QStringList &groups); // the group filter's choices

Q_SIGNALS:
    void routerActivated(const QString &routerId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *createToolbar();
    void applySort();
    void relayout();
    int pageStep() const;

    TileRoles m_roles;
    TileFilterProxy *m_proxy = nullptr;
    TileDelegate *m_delegate = nullptr;
    QListView *m_list = nullptr;
    QWidget *m_toolbar = nullptr;
    QComboBox *m_group = nullptr;
    QComboBox *m_sort = nullptr;
    QToolButton *m_order = nullptr;
    QTimer m_pages;
    QTimer m_ages;
    bool m_wallMode = false;
};

} // namespace fw::ui
