/* config-network: being written */
