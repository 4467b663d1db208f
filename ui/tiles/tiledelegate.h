#pragma once

#include "tiles/tileroles.h"

#include <QDateTime>
#include <QFont>
#include <QStyledItemDelegate>

#include <functional>

namespace fw::alerts {
class AcknowledgementStore;
}

namespace fw::fleet {
enum class OnlineState : quint8;
}

namespace fw::ui {

// Paints one router as a tile; the view holds no widget per router. State is shown by colour,
// a symbol and a word together. Fonts, metrics and the tile geometry are computed once per
// scale, so a paint only reads the model and draws.
class TileDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TileDelegate)

public:
    using Clock = std::function<QDateTime()>;

    explicit TileDelegate(const TileRoles &roles, alerts::AcknowledgementStore *acks = nullptr,
                          QObject *parent = nullptr, Clock clock = {});

    void setScale(double scale); // 1.0 normal, larger for wall mode
    // Spreads the tiles over the width: as many columns as fit, each as wide as they share.
    bool fitWidth(int viewportWidth, int spacing);
    double scale() const { return m_scale; }
    QSize tileSize() const { return m_tileSize; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static QString stateText(fleet::OnlineState state);
    static QString ageText(qint64 seconds);

private:
    void paintHeader(QPainter *painter, const QRect &rect, const QModelIndex &index) const;
    void paintSignal(QPainter *painter, const QRect &rect, const QModelIndex &index) const;
    void paintBattery(QPainter *painter, const QRect &rect, const QModelIndex &index) const;
    void paintLastEvent(QPainter *painter, const QRect &rect, const QModelIndex &index) const;
    void paintAck(QPainter *painter, const QRect &rect, const QString &routerId) const;
    QVariant value(const QModelIndex &index, int role) const;

    TileRoles m_roles;
    alerts::AcknowledgementStore *m_acks;
    Clock m_clock;
    double m_scale = 1.0;
    QSize m_tileSize;
    int m_line = 0;   // height of one text line
    int m_margin = 0;
    QFont m_nameFont;
    QFont m_textFont;
    QFont m_smallFont;
    QFont m_stateFont;
};

} // namespace fw::ui
