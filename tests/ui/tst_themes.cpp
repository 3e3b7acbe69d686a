// SPDX-License-Identifier: GPL-3.0-or-later
// The light and dark palettes meet WCAG AA (4.5:1 for text) — computed from the palettes
// themselves — and the theme follows the system palette unless chosen.
#include "theme/ThemeManager.h"
#include "widgets/MessageBanner.h"

#include <QApplication>
#include <QCheckBox>
#include <QProxyStyle>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleOptionButton>
#include <QtTest>

class TestThemes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void contrastFormulaMatchesWcag();
    void palettesMeetWcagAA_data();
    void palettesMeetWcagAA();
    void bannersMeetWcagAA();
    void followsTheSystemUnlessChosen();
    void untickedCheckBoxesAreVisible_data();
    void untickedCheckBoxesAreVisible();
};

void TestThemes::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("IdentityDeskTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_themes"));
}

void TestThemes::contrastFormulaMatchesWcag()
{
    QCOMPARE(qRound(ThemeManager::contrastRatio(Qt::black, Qt::white) * 100), 2100);
    QCOMPARE(qRound(ThemeManager::contrastRatio(Qt::white, Qt::white) * 100), 100);
    // #767676 on white is the classic 4.54:1 boundary colour.
    QCOMPARE(qRound(ThemeManager::contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) * 100), 454);
}

void TestThemes::palettesMeetWcagAA_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestThemes::palettesMeetWcagAA()
{
    QFETCH(bool, dark);
    const QPalette p = dark ? ThemeManager::darkPalette() : ThemeManager::lightPalette();
    struct Pair
    {
        QPalette::ColorRole text;
        QPalette::ColorRole background;
        const char* name;
    };
    const QList<Pair> pairs = {
        {QPalette::WindowText, QPalette::Window, "window text"},
        {QPalette::Text, QPalette::Base, "text"},
        {QPalette::Text, QPalette::AlternateBase, "text on alternate rows"},
        {QPalette::PlaceholderText, QPalette::Base, "placeholder"},
        {QPalette::ButtonText, QPalette::Button, "button text"},
        {QPalette::HighlightedText, QPalette::Highlight, "selection"},
        {QPalette::ToolTipText, QPalette::ToolTipBase, "tooltip"},
        {QPalette::Link, QPalette::Base, "link"},
        {QPalette::WindowText, QPalette::Base, "labels on fields"},
        {QPalette::BrightText, QPalette::Window, "error text (MessageBanner::errorTextStyleSheet)"},
    };
    for (const Pair& pair : pairs) {
        const double ratio = ThemeManager::contrastRatio(p.color(QPalette::Active, pair.text),
                                                         p.color(QPalette::Active, pair.background));
        QVERIFY2(ratio >= 4.5,
                 qPrintable(QStringLiteral("%1: %2:1").arg(QLatin1String(pair.name)).arg(ratio)));
    }
    // Disabled text is exempt from WCAG, but must stay legible (3:1).
    QVERIFY(ThemeManager::contrastRatio(p.color(QPalette::Disabled, QPalette::WindowText),
                                        p.color(QPalette::Disabled, QPalette::Window)) >= 3.0);
}

void TestThemes::bannersMeetWcagAA()
{
    // The banners keep their own tints in both themes: read the colours from their style sheets.
    for (auto level : {MessageBanner::Level::Info, MessageBanner::Level::Success,
                       MessageBanner::Level::Warning, MessageBanner::Level::Error}) {
        const QString css = MessageBanner::labelStyleSheet(level);
        const auto bg = QRegularExpression(QStringLiteral("background: (#[0-9a-fA-F]{6})")).match(css);
        const auto fg = QRegularExpression(QStringLiteral("color: (#[0-9a-fA-F]{6})")).match(css);
        QVERIFY2(bg.hasMatch() && fg.hasMatch(), qPrintable(css));
        QVERIFY(ThemeManager::contrastRatio(QColor(bg.captured(1)), QColor(fg.captured(1))) >= 4.5);
    }
    // The PRODUCTION badge: white on #b00020.
    QVERIFY(ThemeManager::contrastRatio(Qt::white, QColor(0xb0, 0x00, 0x20)) >= 4.5);
}

void TestThemes::followsTheSystemUnlessChosen()
{
    // Pretend the desktop is dark before the first apply(): "System" must pick the dark palette.
    QApplication::setPalette(ThemeManager::darkPalette());
    QVERIFY(ThemeManager::systemPrefersDark());
    QCOMPARE(ThemeManager::apply(ThemeManager::Theme::System).color(QPalette::Window),
             ThemeManager::darkPalette().color(QPalette::Window));
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             ThemeManager::darkPalette().color(QPalette::Window));
    auto* proxy = qobject_cast<QProxyStyle*>(QApplication::style());
    QVERIFY(proxy && proxy->baseStyle());
    QCOMPARE(proxy->baseStyle()->name().toLower(), QStringLiteral("fusion"));
    ThemeManager::apply(ThemeManager::Theme::Light);
    QCOMPARE(QApplication::palette().color(QPalette::Base),
             ThemeManager::lightPalette().color(QPalette::Base));
    // The choice is remembered.
    ThemeManager::save(ThemeManager::Theme::Dark);
    QCOMPARE(ThemeManager::saved(), ThemeManager::Theme::Dark);
    ThemeManager::save(ThemeManager::Theme::System);
    QCOMPARE(ThemeManager::saved(), ThemeManager::Theme::System);
}

void TestThemes::untickedCheckBoxesAreVisible_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestThemes::untickedCheckBoxesAreVisible()
{
    // Rendered, not assumed: the frame of an unticked box stands out from the window by 3:1 (WCAG's
    // contrast for the parts of a control), in both themes.
    QFETCH(bool, dark);
    ThemeManager::apply(dark ? ThemeManager::Theme::Dark : ThemeManager::Theme::Light);
    QCheckBox box(QStringLiteral("Audit from"));
    box.setChecked(false);
    box.show();
    QVERIFY(QTest::qWaitForWindowExposed(&box));
    const QImage image = box.grab().toImage();
    QStyleOptionButton option;
    option.initFrom(&box);
    const QRect indicator = box.style()->subElementRect(QStyle::SE_CheckBoxIndicator, &option, &box);
    const QColor window = QApplication::palette().color(QPalette::Window);
    double best = 1;
    for (int x = indicator.left(); x <= indicator.right(); ++x)
        for (int y = indicator.top(); y <= indicator.bottom(); ++y)
            best = qMax(best, ThemeManager::contrastRatio(image.pixelColor(x * image.width() / box.width(),
                                                                           y * image.height() / box.height()),
                                                          window));
    QVERIFY2(best >= 3.0, qPrintable(QString::number(best)));
    ThemeManager::apply(ThemeManager::Theme::Light);
}

QTEST_MAIN(TestThemes)
#include "tst_themes.moc"
