"""Domain operations shared by GraphQL and every REST dialect: rules, permissions, transactions."""
