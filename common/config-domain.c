/* config-domain: being written */
