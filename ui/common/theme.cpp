#include "common/theme.h"

#include <QApplication>
#include <QCoreApplication>
#include <QPalette>
#include <QStyleFactory>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {
ThemeKind g_current = ThemeKind::Dark;
ThemeColors g_colors;
} // namespace

ThemeColors Theme::palette(ThemeKind kind)
{
    switch (kind) {
    case ThemeKind::Light:
        return {QColor::fromRgb(0xf6f8fau), QColor::fromRgb(0xffffffu), QColor::fromRgb(0xeef1f4u), QColor::fromRgb(0x1f2328u), QColor::fromRgb(0x59636eu),
                QColor::fromRgb(0x0969dau), QColor::fromRgb(0xffffffu), QColor::fromRgb(0xd0d7deu), QColor::fromRgb(0x1a7f37u), QColor::fromRgb(0x9a6700u),
                QColor::fromRgb(0xcf222eu), QColor::fromRgb(0x6e7781u), QColor::fromRgb(0x0969dau)};
    case ThemeKind::HighContrast:
        return {QColor::fromRgb(0x000000u), QColor::fromRgb(0x000000u), QColor::fromRgb(0x101010u), QColor::fromRgb(0xffffffu), QColor::fromRgb(0xe0e0e0u),
                QColor::fromRgb(0xffff00u), QColor::fromRgb(0x000000u), QColor::fromRgb(0xffffffu), QColor::fromRgb(0x00ff66u), QColor::fromRgb(0xffcc00u),
                QColor::fromRgb(0xff3b30u), QColor::fromRgb(0xbfbfbfu), QColor::fromRgb(0x00e5ffu)};
    case ThemeKind::Dark:
        break;
    }
    return {QColor::fromRgb(0x0d1117u), QColor::fromRgb(0x161b22u), QColor::fromRgb(0x1c2230u), QColor::fromRgb(0xe6edf3u), QColor::fromRgb(0x8b949eu),
            QColor::fromRgb(0x1f6febu), QColor::fromRgb(0xffffffu), QColor::fromRgb(0x30363du), QColor::fromRgb(0x3fb950u), QColor::fromRgb(0xd29922u),
            QColor::fromRgb(0xf85149u), QColor::fromRgb(0x8b949eu), QColor::fromRgb(0x58a6ffu)};
}

void Theme::apply(QApplication &app, ThemeKind kind)
{
    g_current = kind;
    g_colors = palette(kind);
    const ThemeColors &c = g_colors;

    app.setStyle(QStyleFactory::create(u"Fusion"_s));
    QPalette p;
    p.setColor(QPalette::Window, c.window);
    p.setColor(QPalette::WindowText, c.text);
    p.setColor(QPalette::Base, c.base);
    p.setColor(QPalette::AlternateBase, c.alternateBase);
    p.setColor(QPalette::ToolTipBase, c.base);
    p.setColor(QPalette::ToolTipText, c.text);
    p.setColor(QPalette::PlaceholderText, c.mutedText);
    p.setColor(QPalette::Text, c.text);
    p.setColor(QPalette::Button, c.alternateBase);
    p.setColor(QPalette::ButtonText, c.text);
    p.setColor(QPalette::BrightText, c.critical);
    p.setColor(QPalette::Link, c.accent);
    p.setColor(QPalette::Highlight, c.highlight);
    p.setColor(QPalette::HighlightedText, c.highlightedText);
    p.setColor(QPalette::Mid, c.border);
    p.setColor(QPalette::Dark, c.border.darker(130));
    p.setColor(QPalette::Disabled, QPalette::Text, c.mutedText);
    p.setColor(QPalette::Disabled, QPalette::WindowText, c.mutedText);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, c.mutedText);
    app.setPalette(p);
}

ThemeKind Theme::current()
{
    return g_current;
}

const ThemeColors &Theme::colors()
{
    if (!g_colors.window.isValid())
        g_colors = palette(g_current);
    return g_colors;
}

QString Theme::name(ThemeKind kind)
{
    switch (kind) {
    case ThemeKind::Light:
        return QCoreApplication::translate("Theme", "Light");
    case ThemeKind::HighContrast:
        return QCoreApplication::translate("Theme", "High contrast");
    case ThemeKind::Dark:
        break;
    }
    return QCoreApplication::translate("Theme", "Dark");
}

QString Theme::key(ThemeKind kind)
{
    switch (kind) {
    case ThemeKind::Light:
        return u"light"_s;
    case ThemeKind::HighContrast:
        return u"high-contrast"_s;
    case ThemeKind::Dark:
        break;
    }
    return u"dark"_s;
}

ThemeKind Theme::fromKey(const QString &key)
{
    if (key == u"light")
        return ThemeKind::Light;
    if (key == u"high-contrast")
        return ThemeKind::HighContrast;
    return ThemeKind::Dark;
}

} // namespace fw::ui
