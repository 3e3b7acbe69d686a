// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProductionConfirmation.h"

#include <QMessageBox>
#include <QPushButton>

QMessageBox* ProductionConfirmation::ask(QWidget* parent, const QString& profileName, const QString& what,
                                         std::function<void()> proceed)
{
    auto* box = new QMessageBox(parent);
    box->setObjectName(QStringLiteral("productionConfirmation"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setIcon(QMessageBox::Warning);
    box->setWindowTitle(QMessageBox::tr("Confirm on PRODUCTION"));
    box->setText(QMessageBox::tr("<b>This is the PRODUCTION environment</b> (profile “%1”).")
                     .arg(profileName.toHtmlEscaped()));
    box->setInformativeText(
        QMessageBox::tr("%1\n\nIt acts on a real person's record. Submit it on production?").arg(what));
    QPushButton* confirm = box->addButton(QMessageBox::tr("Submit on &PRODUCTION"), QMessageBox::AcceptRole);
    confirm->setObjectName(QStringLiteral("productionConfirm"));
    QPushButton* cancel = box->addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("productionCancel"));
    box->setDefaultButton(cancel);
    box->setEscapeButton(cancel);
    QObject::connect(box, &QMessageBox::buttonClicked, box, [confirm, proceed](QAbstractButton* clicked) {
        if (clicked == confirm && proceed)
            proceed();
    });
    box->open();
    return box;
}
