// SPDX-License-Identifier: GPL-3.0-or-later
#include "FirstRunWizard.h"

#include "providers/ProviderRegistry.h"

#include <QLabel>
#include <QLocale>
#include <QRadioButton>
#include <QVBoxLayout>
#include <QWizardPage>

FirstRunWizard::FirstRunWizard(QWidget* parent)
    : QWizard(parent)
    , m_demo(new QRadioButton(tr("&Try the demo")))
    , m_connect(new QRadioButton(tr("&Connect to my providers")))
{
    setObjectName(QStringLiteral("firstRunWizard"));
    setWindowTitle(tr("Welcome to IdentityDesk"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);

    auto* page = new QWizardPage(this);
    page->setTitle(tr("Welcome to IdentityDesk"));
    QStringList providers;
    for (const ProviderModule* module : ProviderRegistry::instance().modules())
        providers << module->displayName();
    page->setSubTitle(tr("An operator console for %1.").arg(QLocale().createSeparatedList(providers)));
    m_demo->setObjectName(QStringLiteral("choiceDemo"));
    m_connect->setObjectName(QStringLiteral("choiceConnect"));
    m_demo->setChecked(true);
    auto* demoNote = new QLabel(tr("Starts a local sandbox that emulates all four providers, with demo "
                                   "operators and made-up people. Nothing leaves this computer."),
                                page);
    demoNote->setWordWrap(true);
    demoNote->setIndent(24);
    auto* connectNote =
        new QLabel(tr("Opens the profile editor: add a profile per tenant (e.g. “Acme test” and "
                      "“Acme production”), with each provider's address and credentials. Keys and "
                      "passwords are kept in the system keychain. Use Test connection to check each "
                      "one."),
                   page);
    connectNote->setWordWrap(true);
    connectNote->setIndent(24);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(m_demo);
    layout->addWidget(demoNote);
    layout->addSpacing(12);
    layout->addWidget(m_connect);
    layout->addWidget(connectNote);
    layout->addStretch(1);
    addPage(page);
    setButtonText(QWizard::FinishButton, tr("&Start"));
    resize(620, 420);
}

FirstRunWizard::Choice FirstRunWizard::choice() const
{
    return m_connect->isChecked() ? Choice::Connect : Choice::Demo;
}
