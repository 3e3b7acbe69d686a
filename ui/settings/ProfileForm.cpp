// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfileForm.h"

#include "domain/ProfileValidator.h"
#include "providers/ProviderRegistry.h"
#include "widgets/MessageBanner.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace {
QString labelFor(const QString& key)
{
    const QString field = key.section(QLatin1Char('.'), -1);
    if (field == QLatin1String("portal_url"))
        return ProfileForm::tr("&Portal URL:");
    if (field == QLatin1String("api_url"))
        return ProfileForm::tr("&API URL:");
    if (field == QLatin1String("base_url"))
        return ProfileForm::tr("&Base URL:");
    if (field == QLatin1String("partner_id"))
        return ProfileForm::tr("Pa&rtner id:");
    if (field == QLatin1String("email"))
        return ProfileForm::tr("&E-mail:");
    if (field == QLatin1String("login"))
        return ProfileForm::tr("&Login:");
    if (field == QLatin1String("password"))
        return ProfileForm::tr("Pass&word:");
    if (field == QLatin1String("api_key"))
        return ProfileForm::tr("API &key:");
    if (field == QLatin1String("pin_sha256"))
        return ProfileForm::tr("Pinned &key (optional):");
    if (field == QLatin1String("ca_file"))
        return ProfileForm::tr("Extra &CA file (optional):");
    if (field == QLatin1String("name"))
        return ProfileForm::tr("&Name:");
    return field + u':';
}

QString choiceText(const QString& choice)
{
    if (choice == QLatin1String("test"))
        return ProfileForm::tr("test");
    if (choice == QLatin1String("production"))
        return ProfileForm::tr("production");
    return choice;
}
} // namespace

ProfileForm::ProfileForm(QWidget* parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("profileForm"));
    m_tabs->setObjectName(QStringLiteral("profileTabs"));
    m_tabs->setAccessibleName(tr("Profile sections"));
    m_tabs->addTab(buildGeneral(), tr("General"));
    for (const ProviderModule* module : ProviderRegistry::instance().modules())
        m_tabs->addTab(buildProvider(module), module->displayName());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    setProfile(ConnectionProfile());
}

QWidget* ProfileForm::addField(QWidget* page, QFormLayout* form, const QString& key, const QString& label,
                               bool secret)
{
    auto* edit = new QLineEdit(page);
    edit->setObjectName(key);
    edit->setAccessibleName(QString(label).remove(QLatin1Char('&')).remove(QLatin1Char(':')));
    if (secret) {
        edit->setEchoMode(QLineEdit::Password);
        edit->setPlaceholderText(tr("kept in the keychain, never in a settings file"));
    }
    auto* error = new QLabel(page);
    error->setObjectName(key + QStringLiteral(".problem"));
    error->setWordWrap(true);
    error->setStyleSheet(MessageBanner::errorTextStyleSheet());
    error->hide();
    auto* cell = new QWidget(page);
    auto* v = new QVBoxLayout(cell);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    v->addWidget(edit);
    v->addWidget(error);
    auto* labelWidget = new QLabel(label, page);
    labelWidget->setBuddy(edit);
    form->addRow(labelWidget, cell);
    m_edits.insert(key, edit);
    m_errors.insert(key, error);
    connect(edit, &QLineEdit::textChanged, this, [this, key] {
        validate(key);
        emit changed();
    });
    return edit;
}

QWidget* ProfileForm::buildGeneral()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    addField(page, form, QStringLiteral("name"), tr("&Name:"));
    m_edits.value(QStringLiteral("name"))->setPlaceholderText(tr("e.g. Acme production"));
    m_environment = new QComboBox(page);
    m_environment->setObjectName(QStringLiteral("environment"));
    m_environment->setAccessibleName(tr("Environment"));
    m_environment->addItem(tr("Test"), QStringLiteral("test"));
    m_environment->addItem(tr("Production"), QStringLiteral("production"));
    auto* envLabel = new QLabel(tr("En&vironment:"), page);
    envLabel->setBuddy(m_environment);
    form->addRow(envLabel, m_environment);
    connect(m_environment, &QComboBox::currentIndexChanged, this, &ProfileForm::changed);
    addField(page, form, QStringLiteral("ca_file"), labelFor(QStringLiteral("ca_file")));
    m_edits.value(QStringLiteral("ca_file"))
        ->setPlaceholderText(tr("PEM file of a private CA, e.g. the sandbox's"));
    auto* note = new QLabel(tr("A production profile shows a red banner and asks for confirmation before any "
                               "action is sent. API keys and passwords are kept in the system keychain."),
                            page);
    note->setWordWrap(true);
    form->addRow(note);
    return page;
}

QMap<QString, QString> ProfileForm::typedValues(const ProviderModule* module) const
{
    QMap<QString, QString> values;
    for (const ProfileField& f : module->profileFields()) {
        const QString key = module->key() + u'.' + f.name;
        if (const QLineEdit* edit = m_edits.value(key)) {
            const bool asTyped = f.verbatim || f.secret || f.name.endsWith(QLatin1String("_url"));
            values.insert(f.name, asTyped ? edit->text() : edit->text().trimmed());
        } else if (const QComboBox* choice = m_choices.value(key)) {
            values.insert(f.name, choice->currentData().toString());
        }
    }
    return values;
}

void ProfileForm::followDefaults(const ProviderModule* module)
{
    // A field that holds what it started from (or nothing) follows the section's choices; a value the
    // user typed stays.
    const QMap<QString, QString> before = m_followed.value(module->key());
    const QMap<QString, QString> now = typedValues(module);
    for (const ProfileField& f : module->profileFields()) {
        QLineEdit* edit = m_edits.value(module->key() + u'.' + f.name);
        if (!edit)
            continue;
        const QString mine = module->defaultValue(f.name, now);
        const QString text = edit->text().trimmed();
        if (!mine.isEmpty() && (text.isEmpty() || text == module->defaultValue(f.name, before)))
            edit->setText(mine);
    }
    m_followed.insert(module->key(), now);
}

QWidget* ProfileForm::buildProvider(const ProviderModule* module)
{
    const QString provider = module->key();
    const QString title = module->displayName();
    auto* page = new QWidget(this);
    auto* outer = new QVBoxLayout(page);
    auto* box = new QGroupBox(tr("Use %1 in this profile").arg(title), page);
    box->setObjectName(provider + QStringLiteral(".enabled"));
    box->setCheckable(true);
    box->setAccessibleName(tr("Use %1").arg(title));
    m_sections.insert(provider, box);
    auto* form = new QFormLayout(box);
    QStringList keys;
    for (const ProfileField& f : module->profileFields()) {
        const QString key = provider + u'.' + f.name;
        if (!f.choices.isEmpty()) {
            auto* choice = new QComboBox(box);
            choice->setObjectName(key);
            const bool environment = f.name == QLatin1String("environment");
            choice->setAccessibleName(environment ? tr("%1 environment").arg(title) : f.name);
            for (const QString& value : f.choices)
                choice->addItem(choiceText(value), value);
            auto* label = new QLabel(environment ? tr("%1 en&vironment:").arg(title) : labelFor(key), box);
            label->setBuddy(choice);
            form->addRow(label, choice);
            m_choices.insert(key, choice);
            connect(choice, &QComboBox::currentIndexChanged, this,
                    [this, module] { followDefaults(module); });
            connect(choice, &QComboBox::currentIndexChanged, this, &ProfileForm::changed);
            continue;
        }
        keys << key;
        addField(box, form, key, labelFor(key), f.secret);
        if (!f.example.isEmpty())
            m_edits.value(key)->setPlaceholderText(f.example);
        else if (f.name.endsWith(QLatin1String("_url")))
            m_edits.value(key)->setPlaceholderText(tr("https://… as your provider gave it"));
        if (f.name == QLatin1String("pin_sha256"))
            m_edits.value(key)->setPlaceholderText(tr("base64 SHA-256 of the server's public key"));
    }
    auto* test = new QPushButton(tr("&Test connection"), box);
    test->setObjectName(provider + QStringLiteral(".test"));
    test->setAccessibleName(tr("Test the %1 connection").arg(title));
    auto* result = new QLabel(box);
    result->setObjectName(provider + QStringLiteral(".testResult"));
    result->setWordWrap(true);
    result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    result->hide();
    form->addRow(test);
    form->addRow(result);
    m_testButtons.insert(provider, test);
    m_testResults.insert(provider, result);
    connect(test, &QPushButton::clicked, this, [this, provider] { emit testRequested(provider); });
    connect(box, &QGroupBox::toggled, this, [this, keys] {
        for (const QString& key : keys)
            validate(key);
        emit changed();
    });
    outer->addWidget(box);
    outer->addStretch(1);
    return page;
}

bool ProfileForm::sectionOn(const QString& provider) const
{
    const QGroupBox* box = m_sections.value(provider);
    return box && box->isChecked();
}

QString ProfileForm::check(const QString& key, const QString& text) const
{
    const QString provider = key.section(QLatin1Char('.'), 0, 0);
    if (key.contains(QLatin1Char('.')) && !sectionOn(provider))
        return QString();
    const QString field = key.section(QLatin1Char('.'), -1);
    if (key == QLatin1String("name"))
        return ProfileValidator::required(text);
    if (key == QLatin1String("ca_file"))
        return QString();
    if (field.endsWith(QLatin1String("_url")))
        return ProfileValidator::url(text);
    if (field == QLatin1String("partner_id"))
        return ProfileValidator::partnerId(text);
    if (field == QLatin1String("pin_sha256"))
        return ProfileValidator::pin(text);
    return ProfileValidator::required(text);
}

void ProfileForm::validate(const QString& key)
{
    QLabel* error = m_errors.value(key);
    const QLineEdit* edit = m_edits.value(key);
    if (!error || !edit)
        return;
    const QString problem = check(key, edit->text());
    error->setText(problem);
    error->setVisible(!problem.isEmpty());
}

QString ProfileForm::fieldProblem(const QString& key) const
{
    const QLabel* error = m_errors.value(key);
    return error && !error->isHidden() ? error->text() : QString();
}

QMap<QString, QString> ProfileForm::problems() const
{
    QMap<QString, QString> out;
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it) {
        const QString problem = check(it.key(), it.value()->text());
        if (!problem.isEmpty())
            out.insert(it.key(), problem);
    }
    const bool anyOn = std::any_of(m_sections.cbegin(), m_sections.cend(),
                                   [](const QGroupBox* box) { return box->isChecked(); });
    if (!anyOn)
        out.insert(QStringLiteral("providers"), tr("Use at least one provider."));
    return out;
}

void ProfileForm::setProfile(const ConnectionProfile& p)
{
    m_id = p.id;
    auto set = [this](const QString& key, const QString& value) {
        if (QLineEdit* e = m_edits.value(key))
            e->setText(value);
    };
    for (QLineEdit* e : std::as_const(m_edits))
        e->clear();
    set(QStringLiteral("name"), p.name);
    set(QStringLiteral("ca_file"), p.caFile);
    m_environment->setCurrentIndex(p.isProduction() ? 1 : 0);
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        const bool on = module->isConfigured(p);
        m_sections.value(module->key())->setChecked(on);
        // A section the profile does not have yet starts from the module's defaults, should it be
        // turned on; the profile's own values replace them.
        QMap<QString, QString> values = on ? module->sectionValues(p) : QMap<QString, QString>();
        if (!on) {
            for (const ProfileField& f : module->profileFields())
                values.insert(f.name, module->defaultValue(f.name, {}));
        }
        for (const ProfileField& f : module->profileFields()) {
            const QString key = module->key() + u'.' + f.name;
            if (QComboBox* choice = m_choices.value(key)) {
                const int index = choice->findData(values.value(f.name));
                const QSignalBlocker quiet(choice);
                choice->setCurrentIndex(index < 0 ? 0 : index);
            } else {
                set(key, values.value(f.name));
            }
        }
        m_followed.insert(module->key(), typedValues(module));
    }
    for (QLabel* result : std::as_const(m_testResults))
        result->hide();
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it)
        validate(it.key());
}

void ProfileForm::setSecret(const QString& provider, const QString& value)
{
    const ProviderModule* module = ProviderRegistry::instance().find(provider);
    if (!module)
        return;
    if (QLineEdit* e = m_edits.value(provider + u'.' + module->secretField()); e && e->text().isEmpty())
        e->setText(value);
}

ConnectionProfile ProfileForm::profile() const
{
    auto text = [this](const char* key) {
        return m_edits.value(QString::fromLatin1(key))->text();
    };
    ConnectionProfile p;
    p.id = m_id;
    p.name = text("name").trimmed();
    p.caFile = text("ca_file").trimmed();
    p.declaredEnvironment = m_environment->currentData().toString();
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        if (sectionOn(module->key()))
            module->setSectionValues(&p, typedValues(module));
    }
    return p;
}

void ProfileForm::showTestRunning(const QString& provider)
{
    QLabel* result = m_testResults.value(provider);
    result->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Info));
    result->setText(tr("Testing…"));
    result->show();
    m_testButtons.value(provider)->setEnabled(false);
}

void ProfileForm::showTestResult(const QString& provider, bool ok, const QString& message)
{
    QLabel* result = m_testResults.value(provider);
    if (!result)
        return;
    result->setStyleSheet(
        MessageBanner::labelStyleSheet(ok ? MessageBanner::Level::Success : MessageBanner::Level::Error));
    result->setText(message);
    result->setAccessibleName(message);
    result->show();
    m_testButtons.value(provider)->setEnabled(true);
}
