/* proto: being written */
