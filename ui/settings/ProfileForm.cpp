// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfileForm.h"

#include "domain/ProfileValidator.h"
#include "widgets/MessageBanner.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

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
    return ProfileForm::tr("&Name:");
}

bool isSecret(const QString& key)
{
    return key.endsWith(QLatin1String(".api_key")) || key.endsWith(QLatin1String(".password"));
}

QString secretKeyOf(const QString& provider)
{
    return provider + (provider == QLatin1String("sdkfinance") ? QStringLiteral(".password")
                                                               : QStringLiteral(".api_key"));
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
    m_tabs->addTab(buildProvider(QStringLiteral("smileid"), tr("Smile ID"),
                                 {QStringLiteral("smileid.portal_url"), QStringLiteral("smileid.api_url"),
                                  QStringLiteral("smileid.partner_id"), QStringLiteral("smileid.email"),
                                  QStringLiteral("smileid.api_key"), QStringLiteral("smileid.pin_sha256")}),
                   tr("Smile ID"));
    m_tabs->addTab(
        buildProvider(QStringLiteral("sdkfinance"), tr("SDK.Finance"),
                      {QStringLiteral("sdkfinance.base_url"), QStringLiteral("sdkfinance.login"),
                       QStringLiteral("sdkfinance.password"), QStringLiteral("sdkfinance.pin_sha256")}),
        tr("SDK.Finance"));
    m_tabs->addTab(
        buildProvider(QStringLiteral("trustswiftly"), tr("Trust Swiftly"),
                      {QStringLiteral("trustswiftly.base_url"), QStringLiteral("trustswiftly.api_key"),
                       QStringLiteral("trustswiftly.pin_sha256")}),
        tr("Trust Swiftly"));
    m_tabs->addTab(buildProvider(QStringLiteral("smartid"), tr("SmartID"),
                                 {QStringLiteral("smartid.base_url"), QStringLiteral("smartid.api_key"),
                                  QStringLiteral("smartid.pin_sha256")}),
                   tr("SmartID"));
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
    error->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
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

void ProfileForm::followSmileEnvironment()
{
    const QString environment = m_smileEnvironment->currentData().toString();
    const QString other =
        environment == QLatin1String("production") ? QStringLiteral("test") : QStringLiteral("production");
    const auto follow = [this](const QString& key, const QUrl& mine, const QUrl& theirs) {
        QLineEdit* edit = m_edits.value(key);
        const QString text = edit ? edit->text().trimmed() : QString();
        if (edit && (text.isEmpty() || QUrl(text) == theirs))
            edit->setText(mine.toString());
    };
    follow(QStringLiteral("smileid.portal_url"), ConnectionProfile::SmileId::defaultPortalUrl(environment),
           ConnectionProfile::SmileId::defaultPortalUrl(other));
    follow(QStringLiteral("smileid.api_url"), ConnectionProfile::SmileId::defaultApiUrl(environment),
           ConnectionProfile::SmileId::defaultApiUrl(other));
}

QString ProfileForm::urlExample(const QString& key)
{
    // The hosts the providers' documents name; each is a base that may carry a path prefix.
    if (key == QLatin1String("smileid.portal_url"))
        return tr("e.g. https://portal.smileidentity.com or https://prod…");
    if (key == QLatin1String("smileid.api_url"))
        return tr("e.g. https://testapi.smileidentity.com or https://api…");
    if (key == QLatin1String("sdkfinance.base_url"))
        return tr("e.g. %1").arg(ConnectionProfile::SdkFinance::defaultBaseUrl().toString());
    if (key == QLatin1String("trustswiftly.base_url"))
        return tr("e.g. https://your-sub-domain.trustswiftly.com");
    return tr("https://… as your provider gave it");
}

QWidget* ProfileForm::buildProvider(const QString& provider, const QString& title, const QStringList& keys)
{
    auto* page = new QWidget(this);
    auto* outer = new QVBoxLayout(page);
    auto* box = new QGroupBox(tr("Use %1 in this profile").arg(title), page);
    box->setObjectName(provider + QStringLiteral(".enabled"));
    box->setCheckable(true);
    box->setAccessibleName(tr("Use %1").arg(title));
    m_sections.insert(provider, box);
    auto* form = new QFormLayout(box);
    for (const QString& key : keys) {
        addField(box, form, key, labelFor(key), isSecret(key));
        if (key.endsWith(QLatin1String("_url")))
            m_edits.value(key)->setPlaceholderText(urlExample(key));
        if (key.endsWith(QLatin1String("pin_sha256")))
            m_edits.value(key)->setPlaceholderText(tr("base64 SHA-256 of the server's public key"));
    }
    if (provider == QLatin1String("smileid")) {
        m_smileEnvironment = new QComboBox(box);
        m_smileEnvironment->setObjectName(QStringLiteral("smileid.environment"));
        m_smileEnvironment->setAccessibleName(tr("Smile ID environment"));
        m_smileEnvironment->addItem(tr("test"), QStringLiteral("test"));
        m_smileEnvironment->addItem(tr("production"), QStringLiteral("production"));
        auto* label = new QLabel(tr("Smile ID en&vironment:"), box);
        label->setBuddy(m_smileEnvironment);
        form->addRow(label, m_smileEnvironment);
        connect(m_smileEnvironment, &QComboBox::currentIndexChanged, this,
                &ProfileForm::followSmileEnvironment);
        connect(m_smileEnvironment, &QComboBox::currentIndexChanged, this, &ProfileForm::changed);
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
    if (m_sections.value(QStringLiteral("smileid"))->isChecked() +
            m_sections.value(QStringLiteral("sdkfinance"))->isChecked() +
            m_sections.value(QStringLiteral("trustswiftly"))->isChecked() +
            m_sections.value(QStringLiteral("smartid"))->isChecked() ==
        0)
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
    m_sections.value(QStringLiteral("smileid"))->setChecked(p.smileId.has_value());
    m_sections.value(QStringLiteral("sdkfinance"))->setChecked(p.sdkFinance.has_value());
    m_sections.value(QStringLiteral("trustswiftly"))->setChecked(p.trustSwiftly.has_value());
    m_sections.value(QStringLiteral("smartid"))->setChecked(p.smartId.has_value());
    // The environment first, then its hosts in the (cleared) URL fields: a profile without Smile ID yet
    // starts from them, should the section be turned on; the profile's own URLs below replace them.
    m_smileEnvironment->setCurrentIndex(
        p.smileId && p.smileId->environment == QLatin1String("production") ? 1 : 0);
    followSmileEnvironment();
    if (p.smileId) {
        set(QStringLiteral("smileid.portal_url"), p.smileId->portalUrl.toString());
        set(QStringLiteral("smileid.api_url"), p.smileId->apiUrl.toString());
        set(QStringLiteral("smileid.partner_id"), p.smileId->partnerId);
        set(QStringLiteral("smileid.email"), p.smileId->email);
        set(QStringLiteral("smileid.api_key"), p.smileId->apiKey);
        set(QStringLiteral("smileid.pin_sha256"), p.smileId->pinSha256);
    }
    // A profile without SDK.Finance yet starts from its public API, should the section be turned on.
    set(QStringLiteral("sdkfinance.base_url"), ConnectionProfile::SdkFinance::defaultBaseUrl().toString());
    if (p.sdkFinance) {
        set(QStringLiteral("sdkfinance.base_url"), p.sdkFinance->baseUrl.toString());
        set(QStringLiteral("sdkfinance.login"), p.sdkFinance->login);
        set(QStringLiteral("sdkfinance.password"), p.sdkFinance->password);
        set(QStringLiteral("sdkfinance.pin_sha256"), p.sdkFinance->pinSha256);
    }
    if (p.trustSwiftly) {
        set(QStringLiteral("trustswiftly.base_url"), p.trustSwiftly->baseUrl.toString());
        set(QStringLiteral("trustswiftly.api_key"), p.trustSwiftly->apiKey);
        set(QStringLiteral("trustswiftly.pin_sha256"), p.trustSwiftly->pinSha256);
    }
    if (p.smartId) {
        set(QStringLiteral("smartid.base_url"), p.smartId->baseUrl.toString());
        set(QStringLiteral("smartid.api_key"), p.smartId->apiKey);
        set(QStringLiteral("smartid.pin_sha256"), p.smartId->pinSha256);
    }
    for (QLabel* result : std::as_const(m_testResults))
        result->hide();
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it)
        validate(it.key());
}

void ProfileForm::setSecret(const QString& provider, const QString& value)
{
    if (QLineEdit* e = m_edits.value(secretKeyOf(provider)); e && e->text().isEmpty())
        e->setText(value);
}

ConnectionProfile ProfileForm::profile() const
{
    auto text = [this](const char* key) {
        return m_edits.value(QString::fromLatin1(key))->text();
    };
    auto url = [&](const char* key) {
        return QUrl(text(key), QUrl::StrictMode);
    };
    ConnectionProfile p;
    p.id = m_id;
    p.name = text("name").trimmed();
    p.caFile = text("ca_file").trimmed();
    p.declaredEnvironment = m_environment->currentData().toString();
    if (sectionOn(QStringLiteral("smileid"))) {
        ConnectionProfile::SmileId s;
        s.portalUrl = url("smileid.portal_url");
        s.apiUrl = url("smileid.api_url");
        s.partnerId = text("smileid.partner_id"); // verbatim
        s.email = text("smileid.email").trimmed();
        s.apiKey = text("smileid.api_key");
        s.pinSha256 = text("smileid.pin_sha256").trimmed();
        s.environment = m_smileEnvironment->currentData().toString();
        p.smileId = s;
    }
    if (sectionOn(QStringLiteral("sdkfinance"))) {
        ConnectionProfile::SdkFinance s;
        s.baseUrl = url("sdkfinance.base_url");
        s.login = text("sdkfinance.login").trimmed();
        s.password = text("sdkfinance.password");
        s.pinSha256 = text("sdkfinance.pin_sha256").trimmed();
        p.sdkFinance = s;
    }
    if (sectionOn(QStringLiteral("trustswiftly"))) {
        ConnectionProfile::TrustSwiftly s;
        s.baseUrl = url("trustswiftly.base_url");
        s.apiKey = text("trustswiftly.api_key");
        s.pinSha256 = text("trustswiftly.pin_sha256").trimmed();
        p.trustSwiftly = s;
    }
    if (sectionOn(QStringLiteral("smartid"))) {
        ConnectionProfile::SmartId s;
        s.baseUrl = url("smartid.base_url");
        s.apiKey = text("smartid.api_key");
        s.pinSha256 = text("smartid.pin_sha256").trimmed();
        p.smartId = s;
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
