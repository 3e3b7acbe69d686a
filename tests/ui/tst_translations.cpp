// SPDX-License-Identifier: GPL-3.0-or-later
// The translations are complete (nothing unfinished, nothing the code needs missing), compiled into
// the binaries, and switching the language at runtime changes the main window's visible text.
#include "UiTestFixture.h"

#include "i18n/Translations.h"
#include "main/MainWindow.h"

#include <QAbstractButton>
#include <QDialog>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

namespace {
struct Message
{
    QString context;
    QString source;
    QString type; ///< the translation's type attribute: "", "unfinished", "vanished", "obsolete"
    QStringList forms;
    bool numerus = false;
};

QList<Message> readTs(const QString& path, QString* error)
{
    QList<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return messages;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            current = Message{context,
                              QString(),
                              QString(),
                              {},
                              xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes")};
        } else if (xml.name() == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            current.type = xml.attributes().value(QLatin1String("type")).toString();
            if (!current.numerus)
                current.forms << xml.readElementText();
            else {
                while (xml.readNextStartElement())
                    current.forms << xml.readElementText();
            }
            messages << current;
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

QStringList placeholders(const QString& text)
{
    QStringList found;
    auto it = QRegularExpression(QStringLiteral("%(\\d|n)")).globalMatch(text);
    while (it.hasNext())
        found << it.next().captured(0);
    found.removeDuplicates();
    found.sort();
    return found;
}

/// Every text a user reads on the visible widgets under root: labels, buttons, group titles,
/// placeholders, tab titles and table headers, each with where it was found.
QList<QPair<QString, QString>> visibleTexts(QWidget* root)
{
    QList<QPair<QString, QString>> texts;
    const auto add = [&texts](QWidget* w, const QString& text) {
        if (!text.trimmed().isEmpty())
            texts.append({text, QStringLiteral("%1 (%2)").arg(
                                    w->objectName(), QString::fromLatin1(w->metaObject()->className()))});
    };
    QList<QWidget*> widgets = root->findChildren<QWidget*>();
    widgets.prepend(root);
    for (QWidget* w : std::as_const(widgets)) {
        if (!w->isVisible())
            continue;
        if (auto* label = qobject_cast<QLabel*>(w))
            add(w, label->text());
        else if (auto* button = qobject_cast<QAbstractButton*>(w))
            add(w, button->text());
        else if (auto* box = qobject_cast<QGroupBox*>(w))
            add(w, box->title());
        else if (auto* edit = qobject_cast<QLineEdit*>(w))
            add(w, edit->placeholderText());
        if (auto* tabs = qobject_cast<QTabWidget*>(w))
            for (int i = 0; i < tabs->count(); ++i)
                add(w, tabs->tabText(i));
        if (auto* header = qobject_cast<QHeaderView*>(w); header && header->model())
            for (int i = 0; i < header->count(); ++i)
                if (!header->isSectionHidden(i))
                    add(w, header->model()->headerData(i, header->orientation()).toString());
    }
    return texts;
}

QString tsPath(const QString& language)
{
    return QStringLiteral(TRANSLATIONS_DIR "/identitydesk_%1.ts").arg(language);
}
} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void tsFilesAreComplete_data();
    void tsFilesAreComplete();
    void tsFilesCoverEverySourceString();
    void compiledCataloguesTranslate();
    void runtimeSwitchChangesTheMainWindow();
    void runtimeSwitchLeavesNoTextInTheOldLanguage();
};

void TestTranslations::tsFilesAreComplete_data()
{
    QTest::addColumn<QString>("language");
    for (const QString& language : Translations::available())
        QTest::newRow(qPrintable(language)) << language;
}

void TestTranslations::tsFilesAreComplete()
{
    QFETCH(QString, language);
    QString error;
    const QList<Message> messages = readTs(tsPath(language), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(messages.size() > 100);
    QStringList problems;
    for (const Message& m : messages) {
        const QString where = m.context + QStringLiteral(": ") + m.source;
        if (!m.type.isEmpty()) {
            problems << QStringLiteral("%1 (%2)").arg(where, m.type);
            continue;
        }
        if (m.numerus && m.forms.size() != 2)
            problems << QStringLiteral("%1 (needs 2 plural forms, has %2)").arg(where).arg(m.forms.size());
        for (const QString& form : m.forms) {
            if (form.isEmpty())
                problems << QStringLiteral("%1 (empty)").arg(where);
            else if (placeholders(form) != placeholders(m.source))
                problems << QStringLiteral("%1 (placeholders differ: %2)").arg(where, form);
        }
    }
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1 entries of %2 need work — run tools/update-translations and "
                                       "translate them:\n  %3")
                            .arg(problems.size())
                            .arg(tsPath(language), problems.mid(0, 40).join(QStringLiteral("\n  ")))));
}

void TestTranslations::tsFilesCoverEverySourceString()
{
    // What lupdate finds in the code today must be in every .ts file (a string added without
    // running tools/update-translations fails here).
    QTemporaryDir dir;
    const QString fresh = dir.filePath(QStringLiteral("fresh.ts"));
    QProcess lupdate;
    lupdate.setWorkingDirectory(QStringLiteral(SOURCE_DIR));
    lupdate.start(QStringLiteral(LUPDATE_EXECUTABLE),
                  {QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
                   QStringLiteral("app"), QStringLiteral("ui"), QStringLiteral("gui"), QStringLiteral("cli"),
                   QStringLiteral("-ts"), fresh});
    QVERIFY(lupdate.waitForFinished(120000));
    QCOMPARE(lupdate.exitCode(), 0);
    QString error;
    const QList<Message> needed = readTs(fresh, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(needed.size() > 100);
    for (const QString& language : Translations::available()) {
        QSet<QString> have;
        for (const Message& m : readTs(tsPath(language), &error))
            if (m.type.isEmpty())
                have.insert(m.context + QChar(0) + m.source);
        QStringList missing;
        for (const Message& m : needed)
            if (!have.contains(m.context + QChar(0) + m.source))
                missing << m.context + QStringLiteral(": ") + m.source;
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral("identitydesk_%1.ts lacks %2 strings of the code — run "
                                           "tools/update-translations and translate them:\n  %3")
                                .arg(language)
                                .arg(missing.size())
                                .arg(missing.mid(0, 40).join(QStringLiteral("\n  ")))));
    }
}

void TestTranslations::compiledCataloguesTranslate()
{
    struct Expected
    {
        QString language;
        QString file;
        QString users;
        QString minutes;
        QString oneMinute;
    };
    const QList<Expected> expected = {
        {QStringLiteral("en"), QStringLiteral("&File"), QStringLiteral("Users"), QStringLiteral("2 minutes"),
         QStringLiteral("1 minute")},
        {QStringLiteral("fr"), QStringLiteral("&Fichier"), QStringLiteral("Utilisateurs"),
         QStringLiteral("2 minutes"), QStringLiteral("1 minute")},
        {QStringLiteral("pt"), QStringLiteral("&Ficheiro"), QStringLiteral("Utilizadores"),
         QStringLiteral("2 minutos"), QStringLiteral("1 minuto")}};
    for (const Expected& e : expected) {
        QTranslator translator;
        QVERIFY2(translator.load(Translations::qmPath(e.language)),
                 qPrintable(Translations::qmPath(e.language)));
        QCOMPARE(translator.translate("MainWindow", "&File"), e.file);
        QCOMPARE(translator.translate("MainWindow", "Users"), e.users);
        // QTranslator gives the plural form with %n still in it.
        QCOMPARE(translator.translate("ActionsModel", "%n minute(s)", nullptr, 2),
                 QStringLiteral("%n ") + e.minutes.mid(2));
        QCOMPARE(translator.translate("ActionsModel", "%n minute(s)", nullptr, 1),
                 QStringLiteral("%n ") + e.oneMinute.mid(2));
    }
    // Installed, the plural is resolved and the number localised.
    Translations::install(QStringLiteral("fr"));
    QCOMPARE(QCoreApplication::translate("ActionsModel", "%n day(s)", nullptr, 3), QStringLiteral("3 jours"));
    QCOMPARE(QLocale().language(), QLocale::French);
    QCOMPARE(QLocale().toString(1.5), QStringLiteral("1,5"));
    Translations::install(QStringLiteral("en"));
}

void TestTranslations::runtimeSwitchChangesTheMainWindow()
{
    UiTestFixture fixture;
    QString error;
    QVERIFY2(fixture.createStore(&error), qPrintable(error));
    Translations::install(QStringLiteral("en"));
    auto window = fixture.openWindow(QStringLiteral("officer"));
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    auto* search = window->findChild<QLineEdit*>(QStringLiteral("searchField"));
    auto* operatorLabel = window->findChild<QLabel*>(QStringLiteral("operatorLabel"));
    QVERIFY(tabs && search && operatorLabel);
    QCOMPARE(window->menuBar()->actions().first()->text(), QStringLiteral("&File"));
    QCOMPARE(tabs->tabText(MainWindow::UsersTab), QStringLiteral("Users"));

    // Through the View > Language menu, as a user would.
    QAction* french = window->findChild<QAction*>(QStringLiteral("language_fr"));
    QVERIFY(french);
    french->trigger();
    QTRY_COMPARE(window->menuBar()->actions().first()->text(), QStringLiteral("&Fichier"));
    QCOMPARE(tabs->tabText(MainWindow::UsersTab), QStringLiteral("Utilisateurs"));
    QVERIFY(tabs->tabText(MainWindow::ApprovalsTab).startsWith(QStringLiteral("Approbations")));
    QVERIFY(search->placeholderText().startsWith(QStringLiteral("Rechercher")));
    QVERIFY2(operatorLabel->text().startsWith(QStringLiteral("Connecté en tant que officer (Agent)")),
             qPrintable(operatorLabel->text()));
    UiTestFixture::screenshot(window.get(), QStringLiteral("mainwindow-fr"));

    QAction* portuguese = window->findChild<QAction*>(QStringLiteral("language_pt"));
    QVERIFY(portuguese);
    portuguese->trigger();
    QTRY_COMPARE(window->menuBar()->actions().first()->text(), QStringLiteral("&Ficheiro"));

    QAction* english = window->findChild<QAction*>(QStringLiteral("language_en"));
    QVERIFY(english);
    english->trigger();
    QTRY_COMPARE(window->menuBar()->actions().first()->text(), QStringLiteral("&File"));
    QCOMPARE(tabs->tabText(MainWindow::UsersTab), QStringLiteral("Users"));
}

// Switching English -> French at run time leaves no visible text in English on any tab (a text equal
// to an English source the French catalogue translates otherwise), and back French -> English none
// in French.
void TestTranslations::runtimeSwitchLeavesNoTextInTheOldLanguage()
{
    QString error;
    const QList<Message> messages = readTs(tsPath(QStringLiteral("fr")), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QSet<QString> english, french;
    for (const Message& m : messages) {
        if (m.numerus || m.type == QLatin1String("unfinished") || m.forms.isEmpty() ||
            m.forms.first().isEmpty() || m.forms.first() == m.source)
            continue;
        english.insert(m.source);
        french.insert(m.forms.first());
    }
    // A text both languages use (a word French borrows) proves nothing either way.
    const QSet<QString> both = QSet<QString>(english).intersect(french);
    english.subtract(both);
    french.subtract(both);
    QVERIFY(english.size() > 100);

    UiTestFixture fixture;
    QVERIFY2(fixture.startSandbox(20, &error), qPrintable(error)); // a profile, for the bulk job dialog
    QVERIFY2(fixture.createStore(&error), qPrintable(error));
    Translations::install(QStringLiteral("en"));
    auto window = fixture.openWindow(QStringLiteral("supervisor"));
    window->resize(1400, 900);
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    QVERIFY(tabs);
    // A dialog that is not modal stays open through the switch: the bulk job dialog.
    QAction* newBulk = window->findChild<QAction*>(QStringLiteral("newBulkJobAction"));
    QVERIFY(newBulk);
    newBulk->trigger();
    QPointer<QDialog> bulk = window->findChild<QDialog*>(QStringLiteral("bulkJobDialog"));
    QVERIFY(bulk);
    QTRY_VERIFY(bulk->isVisible());
    const auto stale = [&](const QSet<QString>& old) {
        QStringList found;
        for (const auto& [text, where] : visibleTexts(bulk))
            if (old.contains(text))
                found << QStringLiteral("bulk job dialog: \"%1\" in %2").arg(text, where);
        for (int i = 0; i < tabs->count(); ++i) {
            if (!tabs->isTabVisible(i))
                continue;
            tabs->setCurrentIndex(i);
            QCoreApplication::processEvents();
            for (const auto& [text, where] : visibleTexts(window.get()))
                if (old.contains(text))
                    found << QStringLiteral("tab %1: \"%2\" in %3").arg(tabs->tabText(i), text, where);
        }
        found.removeDuplicates();
        return found;
    };
    // The walk itself finds English before the switch.
    QVERIFY(!stale(english).isEmpty());

    QAction* toFrench = window->findChild<QAction*>(QStringLiteral("language_fr"));
    QVERIFY(toFrench);
    toFrench->trigger();
    QTRY_COMPARE(window->menuBar()->actions().first()->text(), QStringLiteral("&Fichier"));
    const QStringList leftInEnglish = stale(english);
    tabs->setCurrentWidget(window->findChild<QWidget*>(QStringLiteral("auditView")));
    UiTestFixture::screenshot(window.get(), QStringLiteral("audit-fr"));
    for (const QString& line : leftInEnglish)
        qWarning("stale: %s", qPrintable(line));
    QVERIFY2(
        leftInEnglish.isEmpty(),
        qPrintable(
            QStringLiteral("%1 texts left in the old language (listed above)").arg(leftInEnglish.size())));

    QAction* toEnglish = window->findChild<QAction*>(QStringLiteral("language_en"));
    QVERIFY(toEnglish);
    toEnglish->trigger();
    QTRY_COMPARE(window->menuBar()->actions().first()->text(), QStringLiteral("&File"));
    const QStringList leftInFrench = stale(french);
    for (const QString& line : leftInFrench)
        qWarning("stale: %s", qPrintable(line));
    QVERIFY2(
        leftInFrench.isEmpty(),
        qPrintable(
            QStringLiteral("%1 texts left in the old language (listed above)").arg(leftInFrench.size())));
}

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("IdentityDeskTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_translations"));
    TestTranslations test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_translations.moc"
